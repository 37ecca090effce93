import 'server-only';
import { z } from 'zod';
import { router, allowed } from '../trpc';

export const settingsRouter = router({
  /** The AI model prices (USD per 1,000 tokens) used by agents' cost budgets. */
  modelPrices: allowed('settings.manage').query(({ ctx }) => ctx.app.settings.modelPrices()),
  setModelPrices: allowed('settings.manage')
    .input(z.object({ prices: z.record(z.string().max(200), z.object({ promptPer1k: z.number(), completionPer1k: z.number() })) }))
    .mutation(({ ctx, input }) => ctx.app.settings.setModelPrices(input.prices, ctx.user.id)),
});
