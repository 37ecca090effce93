/**
 * Starts the process's runner and scheduler once (guarded: Next may call
 * instrumentation more than once in dev), after creating the first admin from
 * `BATON_ADMIN_EMAIL`/`BATON_ADMIN_PASSWORD` when set and no admin exists yet.
 * A process with `BATON_ROLE=web` starts neither (see `process-role.ts`); an unknown
 * `BATON_ROLE` stops the process with a message.
 *
 * On PostgreSQL (`DATABASE_URL=postgres://…`) the database is migrated first, under an
 * advisory lock (processes starting together migrate once), and the process joins the
 * others' change signals (`events/pg-relay.ts`): live views see runs of every process, and
 * this process's runner looks for work when another one committed some.
 */
import 'server-only';
import { getApp } from './app';
import { eventLoopMonitor } from './health/event-loop';
import { processRole, runsWork } from './process-role';
import { resolveDatabaseTarget } from './db/target';
import { migratePg } from './db/pg/migrate';
import { redactPgUrl } from './db/pg/pool';
import { bus, channels, setBusRelay } from './events/bus';
import { PgRelay } from './events/pg-relay';

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
  const target = resolveDatabaseTarget(process.env.DATABASE_URL);
  if (target.kind === 'postgres') {
    try {
      const m = await migratePg(target.url);
      if (m.applied) console.log(`[baton] migrated ${redactPgUrl(target.url)}: ${m.applied} migration(s)`);
    } catch (err) {
      console.error(`[baton] not starting: migrating ${redactPgUrl(target.url)} failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
  const app = getApp();
  let relay: PgRelay | null = null;
  if (target.kind === 'postgres') {
    relay = new PgRelay({
      url: target.url,
      origin: app.runner.owner,
      target: bus(),
      onReceive: () => app.runner.wake(),
      // Listening again after PostgreSQL came back: streams re-read, the runner looks for work committed meanwhile.
      onResync: () => {
        bus().emit(channels.resync);
        app.runner.wake();
      },
    });
    await relay.start();
    setBusRelay((signal) => relay!.publish(signal));
  }
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
    void Promise.all([app.scheduler.stop(), app.runner.stop()])
      .then(() => relay?.stop())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`[baton] role ${role}; database ${app.handle ? app.handle.file : 'PostgreSQL'}; ${runsWork(role) ? `runner ${app.runner.owner} and scheduler started` : 'runs no jobs (BATON_ROLE=web)'}`);
}
