import 'server-only';
import { router, publicProcedure } from '../trpc';

export const usersRouter = router({
  list: publicProcedure.query(({ ctx }) => ctx.app.users.list()),
  me: publicProcedure.query(({ ctx }) => ctx.user),
  groups: publicProcedure.query(({ ctx }) => ctx.app.groups.list()),
});
