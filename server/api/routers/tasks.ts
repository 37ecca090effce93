import 'server-only';
import { z } from 'zod';
import { router, publicProcedure } from '../trpc';

export const tasksRouter = router({
  list: publicProcedure
    .input(z.object({ status: z.enum(['open', 'completed', 'cancelled']).optional(), runId: z.string().optional() }).optional())
    .query(({ ctx, input }) => ctx.app.tasks.list(input ?? {})),
  get: publicProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) => ctx.app.tasks.get(input.id)),
  complete: publicProcedure
    .input(z.object({ id: z.string().min(1), outcome: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => ctx.app.tasks.complete(input.id, { outcome: input.outcome, data: input.data, by: ctx.user.id })),
});
