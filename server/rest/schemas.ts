/**
 * zod schemas of the public REST API's request and response bodies. Requests are
 * parsed with them; responses are typed with them (`z.infer`); the OpenAPI document
 * (`./openapi.ts`) is generated from them, so the three cannot drift apart.
 *
 * Pure: no server imports (the OpenAPI builder and tests use it directly).
 */
import { z } from 'zod';
import { FormFieldSchema } from '@/lib/nodes/fields';
import { DEFAULT_TASK_PAGE, MAX_TASK_PAGE } from '../services/task-types';

/** Largest accepted request body by default, bytes (larger bodies are refused with 413); `BATON_REST_BODY_LIMIT` overrides it (`server/http/body.ts`). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

const json = z.unknown().meta({ description: 'Any JSON value' });
const jsonObject = z.record(z.string(), z.unknown());
const isoTime = z.iso.datetime({ offset: true }).meta({ description: 'ISO-8601 time (UTC)' });

// ---------------------------------------------------------------------------
// requests

export const StartRunRequestSchema = z
  .strictObject({
    input: jsonObject
      .optional()
      .meta({ description: "The run input; checked against the trigger's input fields. Default `{}`." }),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: 'Published version to run. Default: the latest published version. Not allowed with `draft`.' }),
    draft: z
      .boolean()
      .optional()
      .meta({ description: 'true: a test run of the saved draft (no version is created; the run executes a snapshot of the draft taken now). Needs `run.start` or `workflow.edit`. A draft with blocking problems is refused (422, `issues[].nodeId`).' }),
  })
  .meta({ title: 'StartRunRequest' });
export type StartRunRequest = z.infer<typeof StartRunRequestSchema>;

export const CompleteTaskRequestSchema = z
  .strictObject({
    outcome: z.string().min(1).max(64).meta({ description: "Id of one of the task's outcomes (e.g. `approve`)." }),
    data: jsonObject.optional().meta({ description: "Values of the task's form fields, by field name. Default `{}`." }),
  })
  .meta({ title: 'CompleteTaskRequest' });
export type CompleteTaskRequest = z.infer<typeof CompleteTaskRequestSchema>;

export const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;

/** Query of `GET /api/v1/tasks` (other parameters are ignored). */
export const TaskListQuerySchema = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  runId: z.string().min(1).max(100).optional(),
  limit: z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_TASK_PAGE, `limit must be at most ${MAX_TASK_PAGE}`)
    .optional()
    .meta({ description: `Tasks per page (default ${DEFAULT_TASK_PAGE}, at most ${MAX_TASK_PAGE})` }),
  cursor: z.string().min(1).max(1000).optional().meta({ description: 'The `X-Next-Cursor` of the previous page (opaque), with the same filters' }),
});

// ---------------------------------------------------------------------------
// responses

export const IssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).meta({ description: 'Where the problem is: a path into the request body, or `["nodes", <nodeId>, ...]` for a graph problem' }),
    message: z.string(),
    nodeId: z.string().optional().meta({ description: 'The node at fault (graph problems)' }),
    code: z.string().optional().meta({ description: 'Problem code of the workflow validator (e.g. `OUTPUT_UNCONNECTED`)' }),
  })
  .meta({ title: 'Issue' });

export const ERROR_CODES = ['bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'invalid', 'payload_too_large', 'method_not_allowed', 'too_many_requests', 'unavailable', 'internal'] as const;

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      message: z.string().meta({ description: 'Human-readable summary' }),
      code: z.enum(ERROR_CODES).meta({ description: 'Machine-readable kind of error' }),
      issues: z.array(IssueSchema).meta({ description: 'Every problem found, each with its path (may be empty)' }),
      errorId: z.string().optional().meta({ description: 'With code `internal`: the id under which the server logged the details (`err_…`)' }),
    }),
  })
  .meta({ title: 'Error' });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const WorkflowListItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    latestVersion: z.number().int().meta({ description: 'Latest published version; 0 when never published' }),
  })
  .meta({ title: 'WorkflowListItem' });
export type WorkflowListItem = z.infer<typeof WorkflowListItemSchema>;

export const CreatedSchema = z.object({ id: z.string() }).meta({ title: 'Created' });
export const PublishedSchema = z.object({ version: z.number().int().min(1) }).meta({ title: 'Published' });
export const RunAcceptedSchema = z
  .object({ runId: z.string(), version: z.number().int().nullable().meta({ description: 'The version the run executes; null for a test run of the draft' }) })
  .meta({ title: 'RunAccepted' });
export const TaskCompletedSchema = z.object({ runId: z.string() }).meta({ title: 'TaskCompleted' });

const STEP_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const;
const RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'cancelled', 'compensating', 'compensated'] as const;

export const StepSchema = z
  .object({
    stepId: z.string().meta({ description: 'Id of this activation of the node (a node inside a loop has several steps)' }),
    nodeId: z.string(),
    status: z.enum(STEP_STATUSES),
    attempts: z.number().int().meta({ description: 'Attempts made so far' }),
    output: json,
    error: json,
    startedAt: isoTime,
    endedAt: isoTime.nullable(),
  })
  .meta({ title: 'Step' });
export type StepBody = z.infer<typeof StepSchema>;

export const RunSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    version: z.number().int().nullable().meta({ description: 'The published version the run executes; null for a test run of the draft' }),
    draft: z.boolean().meta({ description: 'true: a test run of the draft (it executes a snapshot of the draft taken when it started)' }),
    status: z.enum(RUN_STATUSES).meta({ description: '`waiting`: parked at a user task; `running`: steps in progress' }),
    input: json,
    output: json.meta({ description: 'Output of the End node that finished the run; null until then' }),
    error: json.meta({ description: 'Why the run failed (`{ message, nodeId, ... }`); null otherwise' }),
    createdAt: isoTime,
    endedAt: isoTime.nullable(),
    steps: z.array(StepSchema).meta({ description: 'The first page of steps in activation order (`limit`, default 100); read the rest with `GET /api/v1/runs/{runId}/steps?cursor=<nextCursor>`' }),
    stepCount: z.number().int().meta({ description: 'Steps the run has activated so far' }),
    nextCursor: z.string().nullable().meta({ description: 'Cursor of the next page of steps; null when `steps` holds them all' }),
  })
  .meta({ title: 'Run' });
export type RunBody = z.infer<typeof RunSchema>;

export const StepPageSchema = z
  .object({
    steps: z.array(StepSchema).meta({ description: 'Steps in activation order' }),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null after the last step' }),
  })
  .meta({ title: 'StepPage' });
export type StepPageBody = z.infer<typeof StepPageSchema>;

export const EventPageSchema = z
  .object({
    events: z.array(z.object({ seq: z.number().int(), type: z.string(), at: z.number().int() }).loose()).meta({
      description: 'Log records in `seq` order (`run.started`, `step.activated`, `edge.taken`, `step.succeeded`, …; `at` in epoch ms)',
    }),
    nextAfter: z.number().int().nullable().meta({ description: 'Pass as `after` for the next page; null when the log has no later record yet' }),
  })
  .meta({ title: 'EventPage' });

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const TaskEscalationSchema = z
  .object({
    mode: z.enum(['none', 'interrupting', 'nonInterrupting', 'reassign']).meta({
      description:
        'What happens when the task is overdue: `none`; `interrupting` (closed, the run takes the `escalate` port); `nonInterrupting` (a reminder path runs, the task stays open, handed to `group` when set); `reassign` (handed to `group`)',
    }),
    group: z.string().nullable().meta({ description: 'Group the task is (or was) handed to when overdue; null when none' }),
    escalatedAt: isoTime.nullable().meta({ description: 'When the due date passed and the escalation happened; null while it has not' }),
  })
  .meta({ title: 'TaskEscalation' });

export const TaskSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    stepId: z.string(),
    workflowId: z.string(),
    nodeId: z.string(),
    title: z.string(),
    description: z.string(),
    assignee: z.string().meta({ description: 'User id of the person the task is for; empty when none (then candidates, or anyone when there are none)' }),
    candidateUsers: z.array(z.string()).meta({ description: 'User ids who may also claim and decide the task' }),
    candidateGroups: z.array(z.string()).meta({ description: 'Group ids whose members may claim and decide the task' }),
    claimedBy: z.string().nullable().meta({ description: 'Who claimed the task; while set, only they may decide it' }),
    claimedAt: isoTime.nullable(),
    priority: z.enum(TASK_PRIORITIES),
    dueAt: isoTime.nullable().meta({ description: 'When the task is due; null when it has no due date' }),
    requiredApprovals: z.number().int().min(1).meta({ description: 'Distinct people who must choose the first outcome (four-eyes: 2)' }),
    approvals: z.number().int().min(0).meta({ description: 'Approving decisions recorded so far' }),
    starterMayNotApprove: z.boolean().meta({ description: 'The person who started the run may not claim or decide the task' }),
    escalation: TaskEscalationSchema,
    form: z.array(FormFieldSchema).meta({ description: 'Fields to fill in; send their values as `data` when completing' }),
    outcomes: z.array(z.object({ id: z.string(), label: z.string() })).meta({ description: 'Possible decisions; send one `id` as `outcome`' }),
    context: json.meta({ description: 'Data the designer chose to show with the task' }),
    status: z.enum(TASK_STATUSES),
    outcome: z.string().nullable(),
    data: json,
    completedBy: z.string().nullable(),
    createdAt: isoTime,
    completedAt: isoTime.nullable(),
  })
  .meta({ title: 'Task' });
export type TaskBody = z.infer<typeof TaskSchema>;
