/**
 * Groups (teams): everyone signed in may list them (task assignment pickers, the
 * inbox); admins (`people.manage`) create, rename, change members and delete. Inputs
 * are checked by `GroupService`, whose field issues (`id`, `name`, `members`, `add`)
 * reach the client through the error formatter.
 */
import 'server-only';
import { z } from 'zod';
import { router, signedInProcedure, allowed } from '../trpc';

const id = z.string().min(1).max(100);

export const groupsRouter = router({
  /** Every group with its member ids, by name. */
  list: signedInProcedure.query(({ ctx }) => ctx.app.groups.list()),
  /** `{ id, name, description?, members? }` → the new group. Errors: UNPROCESSABLE_CONTENT, CONFLICT (id taken). */
  create: allowed('people.manage')
    .input(z.unknown())
    .mutation(({ ctx, input }) => ctx.app.groups.add(input, ctx.user.id)),
  /** Name and description; the id never changes. Errors: NOT_FOUND, UNPROCESSABLE_CONTENT. */
  update: allowed('people.manage')
    .input(z.object({ id, change: z.unknown() }))
    .mutation(({ ctx, input }) => ctx.app.groups.update(input.id, input.change, ctx.user.id)),
  /** Adds and removes members relative to the current ones. Errors: NOT_FOUND, UNPROCESSABLE_CONTENT (unknown person). */
  members: allowed('people.manage')
    .input(z.object({ id, add: z.array(z.string()).optional(), remove: z.array(z.string()).optional() }))
    .mutation(({ ctx, input }) => ctx.app.groups.changeMembers(input.id, { add: input.add, remove: input.remove }, ctx.user.id)),
  /** Errors: NOT_FOUND, CONFLICT while an open task names the group. */
  delete: allowed('people.manage')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.groups.remove(input.id, ctx.user.id);
      return { id: input.id };
    }),
});
