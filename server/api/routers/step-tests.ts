import 'server-only';
import { z } from 'zod';
import { router, allowed } from '../trpc';
import { requireDocument } from '../../services/workflows';
import type { Json } from '@/lib/engine/types';

const id = z.string().min(1).max(100);
const jsonObject = z.record(z.string(), z.unknown());

/** Where the tested step's `$input`, `$steps`, `$vars` come from: an earlier run, or typed JSON. */
const source = z.union([
  z.object({ runId: id }).strict(),
  z.object({ scope: z.object({ input: jsonObject.optional(), steps: z.record(z.string(), z.object({ output: z.unknown().optional(), error: z.unknown().optional() })).optional(), vars: jsonObject.optional() }).strict() }).strict(),
]);

/** Testing one step without a run (`server/services/step-test.ts`); needs `workflow.edit`. */
export const stepTestsRouter = router({
  /** Runs node `nodeId` of the designer's current `document` once; returns output, error and logs. */
  run: allowed('workflow.edit')
    .input(z.object({ workflowId: id, nodeId: id, document: z.unknown(), source }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.workflows.get(input.workflowId); // not_found for an unknown or deleted workflow
      const doc = requireDocument(input.document, ['document']);
      const src = 'runId' in input.source ? input.source : { scope: input.source.scope as { input?: Json; steps?: Record<string, { output?: Json; error?: Json }>; vars?: Record<string, Json> } };
      return ctx.app.stepTests.test({ workflowId: input.workflowId, doc, nodeId: input.nodeId, source: src, by: ctx.user.id });
    }),
});
