import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure, allowed } from '../trpc';
import { EVENT_PAGE, STEP_PAGE } from '../../services/cursor';
import { requireAnyPermission, TEST_RUN_PERMISSIONS } from '../../services/draft-runs';

const RUN_STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'cancelled', 'compensating', 'compensated'] as const;

export const runsRouter = router({
  list: signedInProcedure
    .input(z.object({ workflowId: z.string().optional(), status: z.enum(RUN_STATUSES).optional(), kind: z.enum(['published', 'test']).optional(), before: z.number().optional(), limit: z.number().int().min(1).max(500).optional() }).optional())
    .query(({ ctx, input }) => ctx.app.runs.list(input ?? {})),
  /** The run with the first page of its steps and `nextCursor` (see `steps`). */
  get: signedInProcedure
    .input(z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(STEP_PAGE.max).optional() }))
    .query(({ ctx, input }) => ctx.app.runs.get(input.id, { limit: input.limit })),
  /** A page of steps in activation order; pass the previous page's `nextCursor` as `cursor`. */
  steps: signedInProcedure
    .input(z.object({ runId: z.string().min(1), cursor: z.string().max(200).nullish(), limit: z.number().int().min(1).max(STEP_PAGE.max).optional() }))
    .query(({ ctx, input }) => ctx.app.runs.steps(input.runId, { cursor: input.cursor ?? undefined, limit: input.limit })),
  /** A page of log records with `seq > after`; `nextAfter` is null once the log is read to its end. */
  events: signedInProcedure
    .input(z.object({ runId: z.string().min(1), after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(EVENT_PAGE.max).optional() }))
    .query(({ ctx, input }) => ctx.app.runs.eventsPage(input.runId, { after: input.after, limit: input.limit })),
  /** The latest step of each activated node (the canvas overlay of a run of any size). */
  nodes: signedInProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => ctx.app.runs.nodes(input.id)),
  attempts: signedInProcedure
    .input(z.object({ runId: z.string().min(1), stepId: z.string().min(1) }))
    .query(({ ctx, input }) => ctx.app.runs.attempts(input.runId, input.stepId)),
  /** The document a run executes: its published version, or a test run's draft snapshot. */
  document: signedInProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => ctx.app.runs.document(input.id)),
  start: allowed('run.start')
    .input(z.object({ workflowId: z.string().min(1), version: z.number().int().min(1).optional(), input: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => ctx.app.runs.start({ workflowId: input.workflowId, version: input.version, input: input.input, startedBy: ctx.user.id, trigger: 'manual' })),
  /** A test run of the saved draft (no version created): `run.start` or `workflow.edit`. */
  startDraft: signedInProcedure
    .input(z.object({ workflowId: z.string().min(1), input: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => {
      requireAnyPermission(ctx.user, TEST_RUN_PERMISSIONS);
      return ctx.app.runs.start({ workflowId: input.workflowId, draft: true, input: input.input, startedBy: ctx.user.id, trigger: 'manual' });
    }),
  retry: allowed('run.retry')
    .input(z.object({ id: z.string().min(1), version: z.number().int().min(1).optional() }))
    .mutation(({ ctx, input }) => ctx.app.runs.retry(input.id, ctx.user.id, input.version)),
  cancel: allowed('run.cancel')
    .input(z.object({ id: z.string().min(1), reason: z.string().max(500).default('') }))
    .mutation(({ ctx, input }) => ctx.app.runs.cancel(input.id, ctx.user.id, input.reason)),
});
