/**
 * One raw SQL statement on either test backend (`backends.ts`), for contract tests that
 * set up rows other areas own (runs, users, groups) or check what a port wrote. Write
 * the statement with `?` placeholders; on PostgreSQL they become `$1…`.
 */
import type { TestStorage } from './backends';

/** Runs `text` with `params`; resolves to the rows (empty for statements without rows). */
export async function rawSql<T = Record<string, unknown>>(t: TestStorage, text: string, params: unknown[] = []): Promise<T[]> {
  if (t.handle) {
    const st = t.handle.sqlite.prepare(text);
    return st.reader ? (st.all(...params) as T[]) : (st.run(...params), []);
  }
  let i = 0;
  const r = await t.pool!.query(text.replace(/\?/g, () => `$${++i}`), params);
  return (r.rows ?? []) as T[];
}

/** Inserts a minimal run of `workflowId` (for counts of runs per workflow and version). */
export async function insertRawRun(t: TestStorage, id: string, workflowId: string, version: number | null): Promise<void> {
  await rawSql(
    t,
    `INSERT INTO runs (id, workflow_id, version, status, input, state, state_version, started_by, created_at, updated_at) VALUES (?, ?, ?, 'running', '{}', '{}', 0, 'test', 0, 0)`,
    [id, workflowId, version],
  );
}
