import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { expressionField, FormFieldSchema, portIdField, templateField, uniqueBy } from '../fields';
import { isoDurationProblem } from '../../util/iso-duration';

/**
 * What happens when a user task is overdue: nothing; close it and leave through
 * `escalate`; send a reminder through `remind` while it stays open (and hand it to
 * the escalation group when one is set); or only hand it to the escalation group.
 */
export const ESCALATIONS = ['none', 'interrupting', 'nonInterrupting', 'reassign'] as const;
/** Ports added by a due-date timer (BPMN boundary timer events, §10.5.1); not usable as outcome ids while escalation is on. */
export const ESCALATE_PORT_ID = 'escalate';
/** Task priorities, lowest first. */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const REMIND_PORT_ID = 'remind';

/**
 * User task (BPMN 2.0 §10.3.3): the run parks and a task appears in the inbox with
 * a title, the context data and a form. A person fills the form and picks an
 * outcome; the run leaves through the port of that outcome. Output:
 * `{ outcome, data, completedBy, completedAt }` (completedAt: ISO-8601).
 *
 * Assignment (potential owners, §10.3.3): the assignee, candidate users, candidate
 * groups, and the users returned by the assignment expression, resolved when the task
 * opens and stored on the task; none of them means anyone may act. Four-eyes:
 * `requiredApprovals` distinct people must choose the first outcome; any other outcome
 * decides at once; `starterMayNotApprove` bars the run's starter.
 *
 * Due date (a boundary timer, BPMN 2.0 §10.5.1): with `dueIn` (ISO 8601 duration
 * from when the task opens) and `escalation`, a durable timer runs beside the task.
 * `interrupting`: when due, the task is closed and the run leaves through
 * `escalate` (output `{ escalated: true, firedAt, taskId }`). `nonInterrupting`: a
 * reminder path starts from `remind` while the task stays open (end that path at an
 * End; it is not part of any parallel branch). `reassign`: the open task is handed to
 * `escalateToGroup` (its candidates become that group; assignee and claim are
 * cleared) and no token moves. `nonInterrupting` with `escalateToGroup` does both.
 */
export const userTaskConfig = z
  .object({
    title: templateField({ title: 'Task title', placeholder: 'Approve {{ $input.name }}' }, { required: true, max: 300 }),
    description: templateField({ title: 'Instructions', description: 'Shown to the person above the form' }, { max: 5000 }).default(''),
    assignee: z.string().trim().max(100).default('').meta({ title: 'Assignee', description: 'The person the task is for; with no assignee, candidates or expression, anyone may act', widget: 'person' }),
    candidateUsers: z.string().trim().max(2000).default('').meta({ title: 'Candidate users', description: 'People who may each claim and decide (stored as user ids separated by commas)', placeholder: 'sam, priya', widget: 'people' }),
    candidateGroups: z.string().trim().max(2000).default('').meta({ title: 'Candidate groups', description: 'Groups whose every member may claim and decide (stored as group ids separated by commas)', placeholder: 'finance', widget: 'groups' }),
    assignmentExpression: expressionField({
      title: 'Assignment expression',
      description: 'JSONata returning a user id or a list of user ids, added to the candidate users when the task opens',
      placeholder: '$input.managerId',
    }).default(''),
    priority: z.enum(TASK_PRIORITIES).default('normal').meta({ title: 'Priority' }),
    requiredApprovals: z
      .number()
      .int('must be a whole number')
      .min(1)
      .max(10)
      .default(1)
      .meta({ title: 'Required approvals', description: 'Distinct people who must choose the first outcome before it counts (four-eyes: 2); any other outcome decides at once' }),
    starterMayNotApprove: z.boolean().default(false).meta({ title: 'Starter may not approve', description: 'The person who started the run may not claim or decide this task' }),
    context: expressionField({
      title: 'Context shown',
      description: 'JSONata expression; its result is shown with the task',
      placeholder: '{ "customer": $input.name }',
    }).default(''),
    formFields: z.array(FormFieldSchema).max(50).default([]).meta({ title: 'Form fields' }),
    outcomes: z
      .array(
        z.object({
          id: portIdField({ title: 'Port id' }),
          label: z.string().trim().min(1, 'Label is required').max(100).meta({ title: 'Button label' }),
        }),
      )
      .min(1, 'add at least one outcome')
      .max(10)
      .meta({ title: 'Outcomes', description: 'Each outcome is a button in the inbox and an output port' }),
    dueIn: z
      .string()
      .trim()
      .max(100)
      .default('')
      .meta({ title: 'Due in', description: 'ISO 8601 duration after the task opens, e.g. PT4H or P2D; empty for no due date', placeholder: 'P2D' }),
    dueExpression: expressionField({
      title: 'Due at (expression)',
      description: 'JSONata returning an ISO-8601 time or epoch milliseconds; used when "Due in" is empty',
      placeholder: '$input.deadline',
    }).default(''),
    escalation: z
      .enum(ESCALATIONS)
      .default('none')
      .meta({
        title: 'When overdue',
        description:
          'none; interrupting: close the task and take the "escalate" port; nonInterrupting: keep it open and take the "remind" port (and reassign it when a group is set); reassign: keep it open and hand it to the escalation group',
      }),
    escalateToGroup: z
      .string()
      .trim()
      .max(100)
      .default('')
      .meta({ title: 'Escalate to group', description: 'Group the open task is reassigned to when it is overdue (reassign, or with a reminder)', widget: 'group' }),
  })
  .superRefine((c, ctx) => {
    const dupF = uniqueBy(c.formFields, (f) => f.name);
    if (dupF) ctx.addIssue({ code: 'custom', path: ['formFields'], message: `field name "${dupF}" is used twice` });
    const dupO = uniqueBy(c.outcomes, (o) => o.id);
    if (dupO) ctx.addIssue({ code: 'custom', path: ['outcomes'], message: `outcome id "${dupO}" is used twice` });
    if (c.dueIn) {
      const problem = isoDurationProblem(c.dueIn);
      if (problem) ctx.addIssue({ code: 'custom', path: ['dueIn'], message: `Due in: ${problem}` });
    }
    if (c.escalation !== 'none') {
      if (!c.dueIn && !c.dueExpression.trim()) ctx.addIssue({ code: 'custom', path: ['dueIn'], message: 'Due in (or a due expression) is required when overdue tasks escalate or remind' });
      const reserved = c.outcomes.find((o) => o.id === ESCALATE_PORT_ID || o.id === REMIND_PORT_ID);
      if (reserved) ctx.addIssue({ code: 'custom', path: ['outcomes'], message: `outcome id "${reserved.id}" is reserved for the due-date timer` });
    }
    if (c.escalation === 'reassign' && !c.escalateToGroup)
      ctx.addIssue({ code: 'custom', path: ['escalateToGroup'], message: 'Escalate to group is required when overdue tasks are reassigned' });
    if (c.escalateToGroup && c.escalation === 'interrupting')
      ctx.addIssue({ code: 'custom', path: ['escalateToGroup'], message: 'an interrupting escalation closes the task, so it cannot be reassigned: choose "nonInterrupting" or "reassign", or clear the group' });
    if (c.escalateToGroup && c.escalation === 'none')
      ctx.addIssue({ code: 'custom', path: ['escalateToGroup'], message: 'Escalate to group has no effect while "When overdue" is none: choose "reassign" or "nonInterrupting", or clear the group' });
  });
export type UserTaskConfig = z.infer<typeof userTaskConfig>;

export const userTask = defineNodeType({
  type: 'userTask',
  label: 'User task',
  description: 'Waits for a person to fill a form and pick an outcome in the inbox.',
  keywords: ['approval', 'approve', 'human', 'review', 'sign-off', 'form', 'person', 'manual', 'four-eyes', 'inbox', 'decision'],
  category: 'People',
  icon: 'user',
  accent: '#ec4899',
  behavior: 'userTask',
  inline: true,
  configSchema: userTaskConfig,
  defaults: (): UserTaskConfig => ({
    title: 'Review',
    description: '',
    assignee: '',
    candidateUsers: '',
    candidateGroups: '',
    assignmentExpression: '',
    priority: 'normal',
    requiredApprovals: 1,
    starterMayNotApprove: false,
    context: '',
    formFields: [{ name: 'comment', label: 'Comment', type: 'textarea', required: false, options: '' }],
    outcomes: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
    dueIn: '',
    dueExpression: '',
    escalation: 'none',
    escalateToGroup: '',
  }),
  inputs: () => [IN_PORT],
  outputs: (c) => [
    ...c.outcomes.map((o) => ({ id: o.id, label: o.label, required: true })),
    ...(c.escalation === 'interrupting' ? [{ id: ESCALATE_PORT_ID, label: 'Overdue', required: true }] : []),
    ...(c.escalation === 'nonInterrupting' ? [{ id: REMIND_PORT_ID, label: 'Reminder', required: true }] : []),
  ],
  summary: (c, names) => {
    const ids = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
    const person = (id: string) => names?.person(id) ?? id;
    const group = (id: string) => names?.group(id) ?? id;
    const people = [...new Set([c.assignee, ...ids(c.candidateUsers)].filter(Boolean))].map(person);
    const groups = ids(c.candidateGroups).map((g) => `group ${group(g)}`);
    const who = [...people, ...groups, c.assignmentExpression.trim() && 'by expression'].filter(Boolean).join(', ');
    const escalates = c.escalateToGroup && (c.escalation === 'reassign' || c.escalation === 'nonInterrupting') ? ` · overdue → ${group(c.escalateToGroup)}` : '';
    return `${who ? `for ${who}` : 'anyone'}${c.requiredApprovals > 1 ? ` · ${c.requiredApprovals} approvals` : ''}${escalates}`;
  },
});
