/**
 * Copies a SQLite installation of Baton into an empty PostgreSQL database: every table
 * (workflows, versions, runs with their logs, steps, attempts and jobs, tasks, people,
 * groups, sessions, API keys, credentials — still encrypted with the same key —,
 * schedules, webhooks, the audit log), in one PostgreSQL transaction, then checks that
 * each table holds as many rows as the source.
 *
 * The SQLite file is first migrated to the current schema (`openDatabase`), and the
 * PostgreSQL database too (`migratePg`), so both describe the same tables; a column
 * present on one side only is an error. Tables are copied parents first (the order comes
 * from PostgreSQL's foreign keys); SQLite's 0/1 flags become booleans, its implicit
 * `rowid` fills the explicit `rowid` columns that keep insertion order; identity
 * sequences continue after the copied ids. Job leases are released: they belonged to the
 * SQLite installation's processes, so the new installation takes those jobs at once. The
 * target must be empty: a copy never merges into or overwrites an installation.
 */
import pg from 'pg';
import { openDatabase } from './open';
import { migratePg } from './pg/migrate';
import { createPgPool, redactPgUrl } from './pg/pool';

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters per statement). */
const MAX_PARAMS = 60_000;

/** One table's outcome. */
export interface CopiedTable {
  table: string;
  /** Rows read from SQLite. */
  source: number;
  /** Rows in PostgreSQL after the copy. */
  target: number;
}

/** What {@link copySqliteToPg} did. */
export interface CopyReport {
  tables: CopiedTable[];
  /** Sum of `source` over all tables. */
  rows: number;
  /** Wall time, ms. */
  ms: number;
}

/** Thrown when the copy cannot start or does not verify; nothing is left half-copied. */
export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

/** Tables that are bookkeeping of the migrators, not data. */
const SKIP = new Set(['__drizzle_migrations']);

interface PgColumn {
  name: string;
  type: string;
}

/** Tables of the public schema, parents before children (by foreign keys). */
async function tablesInOrder(c: pg.PoolClient): Promise<string[]> {
  const tables = (await c.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)).rows
    .map((r) => r.t)
    .filter((t) => !SKIP.has(t));
  const deps = (
    await c.query<{ child: string; parent: string }>(
      `SELECT cl.relname AS child, pa.relname AS parent FROM pg_constraint k
         JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public'`,
    )
  ).rows;
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const d of deps) if (d.child !== d.parent) parents.get(d.child)?.add(d.parent);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (t: string, path: string[]) => {
    if (done.has(t)) return;
    if (path.includes(t)) throw new CopyError(`foreign keys form a cycle: ${[...path, t].join(' → ')}`);
    for (const p of parents.get(t) ?? []) visit(p, [...path, t]);
    done.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t, []);
  return order;
}

async function pgColumns(c: pg.PoolClient, table: string): Promise<PgColumn[]> {
  return (
    await c.query<PgColumn>(`SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, [table])
  ).rows;
}

function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === true || value === '1';
  if (Buffer.isBuffer(value)) return value;
  return value;
}

/**
 * Copies the SQLite database `from` (a file path) into the PostgreSQL database `to`.
 * @param opts.onTable called after each table with its row count (progress output).
 * @returns per-table counts, verified equal.
 * @throws CopyError when the target already holds data, a column exists on one side only,
 *   or a count differs after the copy (then nothing is committed).
 */
export async function copySqliteToPg(from: string, to: string, opts: { onTable?: (t: CopiedTable) => void } = {}): Promise<CopyReport> {
  const started = Date.now();
  const source = openDatabase(from);
  await migratePg(to);
  const pool = createPgPool(to, { max: 1, applicationName: 'baton-db-copy' });
  try {
    const c = await pool.connect();
    try {
      const order = await tablesInOrder(c);
      const sqliteTables = new Set((source.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
      for (const t of order) {
        if (!sqliteTables.has(t)) throw new CopyError(`table "${t}" exists in PostgreSQL but not in ${from}`);
        const n = Number((await c.query<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
        if (n > 0) throw new CopyError(`the target database ${redactPgUrl(to)} is not empty: table "${t}" holds ${n} rows; copy into a new, empty database`);
      }
      await c.query('BEGIN');
      const tables: CopiedTable[] = [];
      try {
        for (const t of order) {
          const cols = await pgColumns(c, t);
          const sqliteCols = new Set((source.sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((r) => r.name));
          // SQLite's implicit rowid is an explicit column on PostgreSQL where order depends on it.
          const missing = cols.filter((col) => !sqliteCols.has(col.name) && col.name !== 'rowid').map((col) => col.name);
          const extra = [...sqliteCols].filter((name) => !cols.some((col) => col.name === name));
          if (missing.length || extra.length)
            throw new CopyError(`table "${t}" differs: ${missing.length ? `only in PostgreSQL: ${missing.join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `only in SQLite: ${extra.join(', ')}` : ''}`);
          const names = cols.map((col) => `"${col.name}"`).join(', ');
          const perInsert = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
          let batch: unknown[][] = [];
          let count = 0;
          const flush = async () => {
            if (!batch.length) return;
            const params: unknown[] = [];
            const rows = batch.map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
            await c.query(`INSERT INTO "${t}" (${names}) VALUES ${rows.join(', ')}`, params);
            batch = [];
          };
          const select = source.sqlite.prepare(`SELECT ${names} FROM "${t}"`).raw(true);
          for (const row of select.iterate() as IterableIterator<unknown[]>) {
            batch.push(row.map((v, i) => convert(v, cols[i].type)));
            count++;
            if (batch.length >= perInsert) await flush();
          }
          await flush();
          // Identity and serial columns continue after the copied ids.
          for (const col of cols) {
            const seq = (await c.query<{ s: string | null }>(`SELECT pg_get_serial_sequence($1, $2) AS s`, [`"${t}"`, col.name])).rows[0]?.s;
            if (seq) await c.query(`SELECT setval($1, GREATEST((SELECT COALESCE(MAX("${col.name}"), 0) FROM "${t}"), 1), (SELECT COUNT(*) > 0 FROM "${t}"))`, [seq]);
          }
          const target = Number((await c.query<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
          if (target !== count) throw new CopyError(`table "${t}": ${count} rows read from SQLite but ${target} in PostgreSQL`);
          const copied = { table: t, source: count, target };
          tables.push(copied);
          opts.onTable?.(copied);
        }
        // Leases were held by processes of the SQLite installation, which never run against this
        // database: its jobs are free to claim at once (a step cut short runs again, same idempotency key).
        await c.query('UPDATE jobs SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL');
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
      return { tables, rows: tables.reduce((s, t) => s + t.source, 0), ms: Date.now() - started };
    } finally {
      c.release();
    }
  } finally {
    await pool.end();
    source.sqlite.close();
  }
}
