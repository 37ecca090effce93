/** The signed-in person's own API keys: list, create (shown once), revoke. Any role may hold keys; a key acts with its owner's roles. */
import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure } from '../trpc';

export const apiKeysRouter = router({
  list: signedInProcedure.query(({ ctx }) => ctx.app.apiKeys.list(ctx.user.id)),
  create: signedInProcedure.input(z.object({ name: z.unknown() })).mutation(({ ctx, input }) => ctx.app.apiKeys.create(ctx.user.id, input.name)),
  revoke: signedInProcedure.input(z.object({ id: z.string().min(1).max(100) })).mutation(async ({ ctx, input }) => {
    await ctx.app.apiKeys.revoke(ctx.user.id, input.id);
    return { id: input.id };
  }),
});
