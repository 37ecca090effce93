import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure, allowed } from '../trpc';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { MAX_VERSION_NOTE, VERSION_PAGE } from '@/lib/workflow/version-limits';

const id = z.string().min(1).max(100);

export const workflowsRouter = router({
  list: signedInProcedure.query(({ ctx }) => ctx.app.workflows.list()),
  get: signedInProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.app.workflows.get(input.id)),
  versions: signedInProcedure
    .input(z.object({ id, limit: z.number().int().min(1).max(VERSION_PAGE.max).optional(), cursor: z.string().max(100).optional() }))
    .query(({ ctx, input }) => ctx.app.workflows.versions(input.id, { limit: input.limit, cursor: input.cursor })),
  version: signedInProcedure
    .input(z.object({ id, version: z.number().int().min(1) }))
    .query(({ ctx, input }) => ctx.app.workflows.getVersion(input.id, input.version)),
  create: allowed('workflow.edit')
    .input(z.object({ name: z.string().trim().min(1, 'name is required').max(200) }))
    .mutation(({ ctx, input }) => ({ id: ctx.app.workflows.createEmpty(input.name, ctx.user.id) })),
  import: allowed('workflow.edit').input(z.object({ document: WorkflowDocumentSchema })).mutation(({ ctx, input }) => ({ id: ctx.app.workflows.create(input.document, ctx.user.id) })),
  rename: allowed('workflow.edit')
    .input(z.object({ id, name: z.string().trim().min(1, 'name is required').max(200) }))
    .mutation(({ ctx, input }) => ctx.app.workflows.rename(input.id, input.name, ctx.user.id)),
  delete: allowed('workflow.edit').input(z.object({ id })).mutation(({ ctx, input }) => ctx.app.workflows.delete(input.id, ctx.user.id)),
  saveDraft: allowed('workflow.edit')
    .input(z.object({ id, document: WorkflowDocumentSchema, baseRevision: z.number().int().optional() }))
    .mutation(({ ctx, input }) => ctx.app.workflows.saveDraft(input.id, input.document, input.baseRevision, ctx.user.id)),
  publish: allowed('workflow.publish')
    .input(z.object({ id, note: z.string().max(MAX_VERSION_NOTE, `note must be at most ${MAX_VERSION_NOTE} characters`).optional() }))
    .mutation(({ ctx, input }) => ctx.app.workflows.publish(input.id, ctx.user.id, input.note)),
});
