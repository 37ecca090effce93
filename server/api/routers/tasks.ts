import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure, allowed } from '../trpc';
import { MAX_TASK_PAGE, PRIORITIES } from '../../services/tasks';

const id = z.string().min(1).max(100);

const listFilter = z.object({
  status: z.enum(['open', 'completed', 'cancelled']).optional(),
  runId: z.string().optional(),
  view: z.enum(['mine', 'groups', 'all']).optional(),
  search: z.string().max(200).optional(),
  priority: z.enum(PRIORITIES).optional(),
  sort: z.enum(['created', 'due', 'priority']).optional(),
});

export const tasksRouter = router({
  /** The first page (up to 200) of the tasks the caller may see; see `page` for the rest. */
  list: signedInProcedure.input(listFilter.optional()).query(async ({ ctx, input }) => await ctx.app.tasks.list({ ...(input ?? {}), actor: await ctx.app.tasks.actor(ctx.user.id) })),
  /** One page: `{ tasks, nextCursor }`; pass `nextCursor` back as `cursor` with the same filters. */
  page: signedInProcedure
    .input(listFilter.extend({ limit: z.number().int().min(1).max(MAX_TASK_PAGE).optional(), cursor: z.string().min(1).max(1000).optional() }))
    .query(async ({ ctx, input }) => await ctx.app.tasks.page({ ...input, actor: await ctx.app.tasks.actor(ctx.user.id) })),
  get: signedInProcedure.input(z.object({ id })).query(async ({ ctx, input }) => await ctx.app.tasks.get(input.id, await ctx.app.tasks.actor(ctx.user.id))),
  /** The run's steps so far, for the task page (same access rule as `get`). */
  history: signedInProcedure.input(z.object({ id })).query(async ({ ctx, input }) => await ctx.app.tasks.history(input.id, await ctx.app.tasks.actor(ctx.user.id))),
  /** Open tasks the signed-in person may act on and has not opened yet (the inbox badge). */
  unreadCount: signedInProcedure.query(async ({ ctx }) => await ctx.app.tasks.unreadCount(await ctx.app.tasks.actor(ctx.user.id))),
  /** The signed-in person opened the task: its unread mark goes away. */
  markViewed: signedInProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => await ctx.app.tasks.markViewed(input.id, await ctx.app.tasks.actor(ctx.user.id))),
  approvals: signedInProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    await ctx.app.tasks.get(input.id, await ctx.app.tasks.actor(ctx.user.id));
    return await ctx.app.tasks.approvals(input.id);
  }),
  claim: allowed('task.act').input(z.object({ id })).mutation(async ({ ctx, input }) => await ctx.app.tasks.claim(input.id, await ctx.app.tasks.actor(ctx.user.id))),
  unclaim: allowed('task.act').input(z.object({ id })).mutation(async ({ ctx, input }) => await ctx.app.tasks.unclaim(input.id, await ctx.app.tasks.actor(ctx.user.id))),
  delegate: allowed('task.act')
    .input(z.object({ id, userId: id, reason: z.string().max(1000) }))
    .mutation(async ({ ctx, input }) => await ctx.app.tasks.delegate(input.id, await ctx.app.tasks.actor(ctx.user.id), { userId: input.userId, reason: input.reason })),
  complete: allowed('task.act')
    .input(z.object({ id, outcome: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => ctx.app.tasks.complete(input.id, { outcome: input.outcome, data: input.data, by: ctx.user.id })),
});
