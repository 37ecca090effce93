import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure, allowed } from '../trpc';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { MAX_VERSION_NOTE, VERSION_PAGE } from '@/lib/workflow/version-limits';
import { templateCards } from '@/lib/templates';
import { can } from '@/lib/auth/roles';
import { createFromTemplate } from '../../services/templates';

const id = z.string().min(1).max(100);
const name = z.string().trim().min(1, 'name is required').max(200);

export const workflowsRouter = router({
  list: signedInProcedure.query(({ ctx }) => ctx.app.workflows.list()),
  get: signedInProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.app.workflows.getForEditing(input.id)),
  versions: signedInProcedure
    .input(z.object({ id, limit: z.number().int().min(1).max(VERSION_PAGE.max).optional(), cursor: z.string().max(100).optional() }))
    .query(({ ctx, input }) => ctx.app.workflows.versions(input.id, { limit: input.limit, cursor: input.cursor })),
  version: signedInProcedure
    .input(z.object({ id, version: z.number().int().min(1) }))
    .query(({ ctx, input }) => ctx.app.workflows.getVersion(input.id, input.version)),
  /** The template gallery (cards; the documents are built on the server when chosen). */
  templates: signedInProcedure.query(() => templateCards()),
  /** Router statistics per router node (`RouterStatsService.list`). */
  routerStats: signedInProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.app.routers.list(input.id)),
  /** A new workflow, empty or from a template; a taken name is a CONFLICT naming `name`. */
  create: allowed('workflow.edit')
    .input(z.object({ name, template: z.string().min(1).max(100).optional() }))
    .mutation(async ({ ctx, input }) =>
      input.template && input.template !== 'blank'
        ? await createFromTemplate(ctx.app, { template: input.template, name: input.name }, { id: ctx.user.id, mayManageGroups: can(ctx.user.roles, 'people.manage') })
        : { id: await ctx.app.workflows.createEmpty(input.name, ctx.user.id), name: input.name, missingGroups: [] as string[], createdGroups: [] as string[] },
    ),
  /** Imports a document; `name` replaces its name (e.g. after a CONFLICT on `name`). */
  import: allowed('workflow.edit')
    .input(z.object({ document: WorkflowDocumentSchema, name: name.optional() }))
    .mutation(async ({ ctx, input }) => ({ id: await ctx.app.workflows.create(input.document, ctx.user.id, 'workflow.import', { uniqueName: true, name: input.name }) })),
  rename: allowed('workflow.edit')
    .input(z.object({ id, name }))
    .mutation(({ ctx, input }) => ctx.app.workflows.rename(input.id, input.name, ctx.user.id)),
  delete: allowed('workflow.edit').input(z.object({ id })).mutation(({ ctx, input }) => ctx.app.workflows.delete(input.id, ctx.user.id)),
  saveDraft: allowed('workflow.edit')
    .input(z.object({ id, document: WorkflowDocumentSchema, baseRevision: z.number().int().optional() }))
    .mutation(({ ctx, input }) => ctx.app.workflows.saveDraft(input.id, input.document, input.baseRevision, ctx.user.id)),
  publish: allowed('workflow.publish')
    .input(z.object({ id, note: z.string().max(MAX_VERSION_NOTE, `note must be at most ${MAX_VERSION_NOTE} characters`).optional() }))
    .mutation(({ ctx, input }) => ctx.app.workflows.publish(input.id, ctx.user.id, input.note)),
});
