/** The app router: one sub-router per resource. */
import 'server-only';
import { router, createCallerFactory } from './trpc';
import { workflowsRouter } from './routers/workflows';
import { runsRouter } from './routers/runs';
import { tasksRouter } from './routers/tasks';
import { usersRouter } from './routers/users';
import { credentialsRouter } from './routers/credentials';
import { expressionsRouter } from './routers/expressions';
import { auditRouter } from './routers/audit';
import { apiKeysRouter } from './routers/api-keys';
import { groupsRouter } from './routers/groups';
import { stepTestsRouter } from './routers/step-tests';
import { settingsRouter } from './routers/settings';

export const appRouter = router({
  workflows: workflowsRouter,
  runs: runsRouter,
  tasks: tasksRouter,
  users: usersRouter,
  credentials: credentialsRouter,
  expressions: expressionsRouter,
  audit: auditRouter,
  apiKeys: apiKeysRouter,
  groups: groupsRouter,
  stepTests: stepTestsRouter,
  settings: settingsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
