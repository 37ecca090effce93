/**
 * People and the signed-in session: who am I (with roles), pickers, the admin's People
 * page (create with a password, change name/roles, disable, set a password), groups,
 * and the first-admin setup (public while no admin exists).
 */
import 'server-only';
import { z } from 'zod';
import { router, publicProcedure, signedInProcedure, allowed } from '../trpc';

const id = z.string().min(1).max(100);

export const usersRouter = router({
  /** Everyone by name (assignee and delegation pickers). */
  list: signedInProcedure.query(({ ctx }) => ctx.app.users.list()),
  /** The signed-in person with roles. */
  me: signedInProcedure.query(({ ctx }) => ctx.user),
  groups: signedInProcedure.query(({ ctx }) => ctx.app.groups.list()),
  /** Everyone with roles, disabled flag and whether they can sign in (admins). */
  people: allowed('people.manage').query(({ ctx }) => ctx.app.users.people()),
  create: allowed('people.manage')
    .input(z.unknown())
    .mutation(({ ctx, input }) => ctx.app.users.create(input, ctx.user.id)),
  update: allowed('people.manage')
    .input(z.object({ id, change: z.unknown() }))
    .mutation(({ ctx, input }) => ctx.app.users.update(input.id, input.change, ctx.user.id)),
  setPassword: allowed('people.manage')
    .input(z.object({ id, password: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.users.setPassword(input.id, input.password, ctx.user.id);
      return { id: input.id };
    }),
  /** Whether the setup page is open (no admin yet). Public. */
  setupState: publicProcedure.query(async ({ ctx }) => ({ needsSetup: await ctx.app.users.needsSetup() })),
  /** Creates the first admin. Public, and only while no admin exists. */
  setup: publicProcedure.input(z.unknown()).mutation(async ({ ctx, input }) => {
    const p = await ctx.app.users.setupFirstAdmin(input);
    return { id: p.id, email: p.email };
  }),
});
