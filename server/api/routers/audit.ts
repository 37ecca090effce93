import 'server-only';
import { z } from 'zod';
import { router, allowed } from '../trpc';

export const auditRouter = router({
  list: allowed('audit.read')
    .input(
      z
        .object({
          actor: z.string().max(100).optional(),
          action: z.string().max(100).optional(),
          from: z.number().int().optional(),
          to: z.number().int().optional(),
          beforeId: z.number().int().optional(),
          limit: z.number().int().min(1).max(1000).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.app.audit.list(input ?? {})),
});
