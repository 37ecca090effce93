import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure, allowed } from '../trpc';

const id = z.string().min(1).max(100);

/** Expression help for the designer's JSONata editor (read only). */
export const expressionsRouter = router({
  /** The scope of a run of the workflow (latest when `runId` is absent), or null. */
  scope: signedInProcedure.input(z.object({ workflowId: id, runId: id.optional() })).query(({ ctx, input }) => ctx.app.expressions.scope(input.workflowId, input.runId)),
  /** An expression evaluated against that scope, with the run guardrails. */
  preview: allowed('workflow.edit')
    .input(z.object({ workflowId: id, runId: id.optional(), expression: z.string().max(20_000) }))
    .query(({ ctx, input }) => ctx.app.expressions.preview(input.workflowId, input.expression, input.runId)),
});
