/**
 * Raw SQL on either backend of a contract test's storage, for fixtures the port under
 * test does not write (users with passwords, workflows, runs, tasks): one statement with
 * `?` placeholders, rewritten to `$1…` on PostgreSQL.
 */
import type { TestStorage } from './backends';
import { rawSql } from './raw-sql';

/** Runs `sql` with `params`; returns the rows (SELECT / RETURNING) or [] (`raw-sql.ts`). */
export const exec = (t: TestStorage, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => rawSql(t, sql, params);

/** Inserts a person (no password unless `password` is given: then a `credential` account holds it). */
export async function addUser(t: TestStorage, u: { id: string; name?: string; roles?: string; disabled?: boolean; password?: string | null; at?: number }): Promise<void> {
  const at = u.at ?? 1_000;
  await exec(t, `INSERT INTO users (id, name, email, roles, email_verified, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
    u.id,
    u.name ?? u.id,
    `${u.id}@example.test`,
    u.roles ?? 'viewer',
    false,
    u.disabled ?? false,
    at,
    at,
  ]);
  if (u.password !== undefined) {
    await exec(t, `INSERT INTO accounts (id, account_id, provider_id, user_id, password, created_at, updated_at) VALUES (?, ?, 'credential', ?, ?, ?, ?)`, [`acc_${u.id}`, u.id, u.id, u.password, at, at]);
  }
}
