/** Starts the process's runner and scheduler once (guarded: Next may call instrumentation more than once in dev). */
import 'server-only';
import { getApp } from './app';

const g = globalThis as unknown as { __batonBooted?: boolean };

export function boot(): void {
  if (g.__batonBooted) return;
  g.__batonBooted = true;
  const app = getApp();
  app.runner.start();
  app.scheduler.start();
  const stop = () => {
    void Promise.all([app.scheduler.stop(), app.runner.stop()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  console.log(`[baton] database ${app.handle.file}; runner ${app.runner.owner} and scheduler started`);
}
