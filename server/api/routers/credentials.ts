/** Credentials for the app: masked listing with usage, create, rename/rotate, delete. Secrets go in, never out. */
import 'server-only';
import { z } from 'zod';
import { router, allowed } from '../trpc';
import { CREDENTIAL_TYPES } from '@/lib/credentials/types';
import { credentialView, listCredentialViews } from '../../credentials/view';

const id = z.string().min(1).max(100);
const name = z.string().trim().min(1, 'Name is required').max(100, 'Name must be at most 100 characters');
const data = z.record(z.string(), z.string().max(8192));

export const credentialsRouter = router({
  list: allowed('credential.manage').query(({ ctx }) => listCredentialViews(ctx.app.credentials)),
  create: allowed('credential.manage')
    .input(z.object({ name, type: z.enum(CREDENTIAL_TYPES), data }))
    .mutation(async ({ ctx, input }) => credentialView(ctx.app.credentials, (await ctx.app.credentials.create(input, ctx.user.id)).id)),
  update: allowed('credential.manage').input(z.object({ id, name: name.optional(), data: data.optional() })).mutation(async ({ ctx, input }) => {
    await ctx.app.credentials.update(input.id, { name: input.name, data: input.data }, ctx.user.id);
    return credentialView(ctx.app.credentials, input.id);
  }),
  delete: allowed('credential.manage').input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await ctx.app.credentials.delete(input.id, ctx.user.id);
    return { id: input.id };
  }),
});
