/**
 * Starts the process's runner and scheduler once (guarded: Next may call
 * instrumentation more than once in dev), after creating the first admin from
 * `BATON_ADMIN_EMAIL`/`BATON_ADMIN_PASSWORD` when set and no admin exists yet.
 * A process with `BATON_ROLE=web` starts neither (see `process-role.ts`); an unknown
 * `BATON_ROLE` stops the process with a message.
 */
import 'server-only';
import { getApp } from './app';
import { eventLoopMonitor } from './health/event-loop';
import { processRole, runsWork } from './process-role';

const g = globalThis as unknown as { __batonBooted?: boolean };

export async function boot(): Promise<void> {
  if (g.__batonBooted) return;
  g.__batonBooted = true;
  let role;
  try {
    role = processRole();
  } catch (err) {
    console.error(`[baton] not starting: ${(err as Error).message}`);
    process.exit(1);
  }
  const app = getApp();
  await app.seeded;
  try {
    if (await app.users.bootstrapAdmin()) console.log(`[baton] created the admin ${process.env.BATON_ADMIN_EMAIL} from BATON_ADMIN_EMAIL`);
  } catch (err) {
    console.error(`[baton] BATON_ADMIN_EMAIL/BATON_ADMIN_PASSWORD not used: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (await app.users.needsSetup()) console.log('[baton] no admin yet: open the app to create one (or set BATON_ADMIN_EMAIL and BATON_ADMIN_PASSWORD)');
  eventLoopMonitor();
  if (runsWork(role)) {
    app.runner.start();
    app.scheduler.start();
  }
  const stop = () => {
    void Promise.all([app.scheduler.stop(), app.runner.stop()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`[baton] role ${role}; database ${app.handle.file}; ${runsWork(role) ? `runner ${app.runner.owner} and scheduler started` : 'runs no jobs (BATON_ROLE=web)'}`);
}
