/**
 * First-start seeding: example people (roles, no password) and the example workflows, each published as
 * version 1. Runs only on an empty database (no users), so it never touches data a
 * person has created.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { users } from '../db/schema';
import { EXAMPLE_USERS, EXAMPLE_WORKFLOWS } from '@/lib/templates/examples';
import type { DbHandle } from '../db/open';
import type { WorkflowService } from '../services/workflows';

/** What seeding writes through: the database (people) and the workflow service (create, publish). */
export interface SeedTarget {
  handle: DbHandle;
  workflows: WorkflowService;
}

/**
 * Seeds an empty database: the example people, then the example workflows, each
 * published as version 1 by `alex`. Resolves to false (and writes nothing) when any
 * person exists already.
 */
export async function seedIfEmpty(app: SeedTarget): Promise<boolean> {
  const { db } = app.handle;
  const count = db.select({ n: sql<number>`COUNT(*)` }).from(users).get()?.n ?? 0;
  if (count > 0) return false;
  const now = Date.now();
  app.handle.sqlite.transaction(() => {
    for (const u of EXAMPLE_USERS) db.insert(users).values({ ...u, createdAt: new Date(now), updatedAt: new Date(now) }).run();
  })();
  for (const doc of EXAMPLE_WORKFLOWS()) {
    const id = await app.workflows.create(doc, 'system');
    await app.workflows.publish(id, 'alex');
  }
  return true;
}
