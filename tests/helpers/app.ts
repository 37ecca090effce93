/**
 * An app (database, runner, services) on a fresh SQLite file in a temp folder, with its
 * runner started, for runner-level tests. `dir` may hold more database files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type SqliteApp } from '@/server/app';
import type { WorkflowDocument } from '@/lib/workflow/document';

export interface TestApp {
  app: SqliteApp;
  dir: string;
  /** Stops the runner, closes the database, deletes the folder. */
  close(): Promise<void>;
}

export function openTestApp(prefix: string): TestApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-${prefix}-`));
  const app = createApp(path.join(dir, `${prefix}.db`), { seed: false });
  app.runner.start();
  return {
    app,
    dir,
    async close() {
      await app.runner.stop();
      app.handle.sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates and publishes a workflow; returns its id. */
export async function publish(app: App, doc: WorkflowDocument): Promise<string> {
  const id = await app.workflows.create(doc, 'system');
  await app.workflows.publish(id, 'test');
  return id;
}

/** The run when it has ended (succeeded, failed, cancelled, compensated), else null. */
export async function ended(app: App, runId: string) {
  const r = await app.runs.get(runId);
  return ['succeeded', 'failed', 'cancelled', 'compensated'].includes(r.status) ? r : null;
}
