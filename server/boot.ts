/**
 * Starts the process's runner and scheduler once (guarded: Next may call
 * instrumentation more than once in dev), after creating the first admin from
 * `BATON_ADMIN_EMAIL`/`BATON_ADMIN_PASSWORD` when set and no admin exists yet.
 */
import 'server-only';
import { getApp } from './app';
import { eventLoopMonitor } from './health/event-loop';

const g = globalThis as unknown as { __batonBooted?: boolean };

export async function boot(): Promise<void> {
  if (g.__batonBooted) return;
  g.__batonBooted = true;
  const app = getApp();
  await app.seeded;
  try {
    if (await app.users.bootstrapAdmin()) console.log(`[baton] created the admin ${process.env.BATON_ADMIN_EMAIL} from BATON_ADMIN_EMAIL`);
  } catch (err) {
    console.error(`[baton] BATON_ADMIN_EMAIL/BATON_ADMIN_PASSWORD not used: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (await app.users.needsSetup()) console.log('[baton] no admin yet: open the app to create one (or set BATON_ADMIN_EMAIL and BATON_ADMIN_PASSWORD)');
  eventLoopMonitor();
  app.runner.start();
  app.scheduler.start();
  const stop = () => {
    void Promise.all([app.scheduler.stop(), app.runner.stop()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`[baton] database ${app.handle.file}; runner ${app.runner.owner} and scheduler started`);
}
