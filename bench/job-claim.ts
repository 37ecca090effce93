/**
 * `npm run bench:claim`: what Baton's job protocol on PostgreSQL costs against the one a
 * separate job-queue library imposes, measured on Baton's own `jobs` table (a fresh
 * database, `tests/helpers/pg.ts`, dropped afterwards; `synchronous_commit=on`).
 *
 * Two claimers (one connection each, as two runner processes) drain 10,000 due jobs in
 * claims of 64, and for each claim commit a "transition" that writes one row per job:
 *  - `baton`: claim with `FOR UPDATE SKIP LOCKED` (one statement), then one transaction
 *    that writes the transition rows and deletes the claimed jobs — the job's end
 *    commits with the transition, so it is never lost nor done twice (ARCHITECTURE.md);
 *  - `queue`: the same claim, the transition in its own transaction, then the jobs
 *    completed in a second transaction — the fetch/complete cycle of a queue that keeps
 *    its jobs apart from the caller's writes (and a window in which a crash leaves a
 *    recorded transition with its job still pending).
 * Prints jobs/s for each (median of 3) and checks that every job was claimed once.
 */
import pg from 'pg';
import { createTestPgDatabase } from '../tests/helpers/pg';

const JOBS = 10_000;
const CLAIM = 64;
const CLAIMERS = 2;

const CLAIM_SQL = `WITH c AS (SELECT id FROM jobs WHERE due_at <= $2 AND (lease_until IS NULL OR lease_until < $2) ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE jobs j SET lease_owner = $1, lease_until = $2 + 60000 FROM c WHERE j.id = c.id RETURNING j.id`;

async function fill(sql: pg.Pool): Promise<void> {
  await sql.query('DELETE FROM jobs');
  await sql.query('DELETE FROM bench_transitions');
  await sql.query(
    `INSERT INTO jobs (kind, payload, run_id, step_id, node_id, attempt, due_at, created_at)
     SELECT 'execute', NULL, 'run_' || g, 's#1', 's', 1, 0, 0 FROM generate_series(1, $1) g`,
    [JOBS],
  );
}

/** One claimer: claims until no job is left. @returns the ids it claimed. */
async function claimer(sql: pg.Pool, owner: string, mode: 'baton' | 'queue'): Promise<number[]> {
  const c = await sql.connect();
  const mine: number[] = [];
  try {
    for (;;) {
      const ids = (await c.query<{ id: number }>(CLAIM_SQL, [owner, Date.now(), CLAIM])).rows.map((r) => Number(r.id));
      if (!ids.length) return mine;
      mine.push(...ids);
      await c.query('BEGIN');
      await c.query('INSERT INTO bench_transitions (job_id) SELECT * FROM unnest($1::bigint[])', [ids]);
      if (mode === 'baton') await c.query('DELETE FROM jobs WHERE id = ANY($1::bigint[])', [ids]);
      await c.query('COMMIT');
      if (mode === 'queue') {
        await c.query('BEGIN');
        await c.query('DELETE FROM jobs WHERE id = ANY($1::bigint[])', [ids]);
        await c.query('COMMIT');
      }
    }
  } finally {
    c.release();
  }
}

async function round(sql: pg.Pool, mode: 'baton' | 'queue'): Promise<number> {
  await fill(sql);
  const t0 = performance.now();
  const claimed = await Promise.all(Array.from({ length: CLAIMERS }, (_, i) => claimer(sql, `claimer-${i}`, mode)));
  const ms = performance.now() - t0;
  const all = claimed.flat();
  if (all.length !== JOBS || new Set(all).size !== JOBS) throw new Error(`${mode}: ${all.length} claims of ${new Set(all).size} distinct jobs, expected ${JOBS} once each`);
  return JOBS / (ms / 1000);
}

async function main(): Promise<void> {
  const db = await createTestPgDatabase();
  const sql = new pg.Pool({ connectionString: db.url, max: CLAIMERS + 1 });
  try {
    await sql.query('CREATE TABLE bench_transitions (job_id bigint NOT NULL)');
    const out: Record<string, number> = {};
    for (const mode of ['baton', 'queue'] as const) {
      const rates: number[] = [];
      for (let i = 0; i < 3; i++) rates.push(await round(sql, mode));
      out[mode] = Math.round(rates.sort((a, b) => a - b)[1]);
    }
    console.log(
      `jobs claimed and completed with their transition, ${CLAIMERS} claimers × ${CLAIM} per claim, ${JOBS} jobs: ` +
        `completion in the transition's transaction ${out.baton} jobs/s; completion in its own transaction ${out.queue} jobs/s (medians of 3)`,
    );
  } finally {
    await sql.end();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
