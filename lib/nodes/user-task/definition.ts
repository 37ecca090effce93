import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { expressionField, FormFieldSchema, portIdField, templateField, uniqueBy } from '../fields';

/**
 * User task (BPMN 2.0 §10.3.3): the run parks and a task appears in the inbox with
 * a title, the context data and a form. A person fills the form and picks an
 * outcome; the run leaves through the port of that outcome. Output:
 * `{ outcome, data, completedBy, completedAt }` (completedAt: ISO-8601).
 */
export const userTaskConfig = z
  .object({
    title: templateField({ title: 'Task title', placeholder: 'Approve {{ $input.name }}' }, { required: true, max: 300 }),
    description: templateField({ title: 'Instructions', description: 'Shown to the person above the form' }, { max: 5000 }).default(''),
    assignee: z.string().trim().max(100).default('').meta({ title: 'Assignee', description: 'Person the task is for; empty means anyone' }),
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
  })
  .superRefine((c, ctx) => {
    const dupF = uniqueBy(c.formFields, (f) => f.name);
    if (dupF) ctx.addIssue({ code: 'custom', path: ['formFields'], message: `field name "${dupF}" is used twice` });
    const dupO = uniqueBy(c.outcomes, (o) => o.id);
    if (dupO) ctx.addIssue({ code: 'custom', path: ['outcomes'], message: `outcome id "${dupO}" is used twice` });
  });
export type UserTaskConfig = z.infer<typeof userTaskConfig>;

export const userTask = defineNodeType({
  type: 'userTask',
  label: 'User task',
  description: 'Waits for a person to fill a form and pick an outcome in the inbox.',
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
    context: '',
    formFields: [{ name: 'comment', label: 'Comment', type: 'textarea', required: false, options: '' }],
    outcomes: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
  }),
  inputs: () => [IN_PORT],
  outputs: (c) => c.outcomes.map((o) => ({ id: o.id, label: o.label, required: true })),
  summary: (c) => (c.assignee ? `for ${c.assignee}` : 'anyone'),
});
