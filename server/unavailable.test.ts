/**
 * Database outages reach clients as 503 "try again", not as internal errors: errors
 * produced by a real PostgreSQL server and a real refused connection are recognised;
 * an ordinary SQL error is not.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '@/tests/helpers/pg';
import { AppError, asUnavailable } from './errors';
import { errorResponse } from './rest/handler';

async function errorOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('asUnavailable', () => {
  it('recognises a refused connection and answers 503 with Retry-After', async () => {
    const err = await errorOf(async () => {
      const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/test', connectionTimeoutMillis: 2_000 });
      await c.connect();
    });
    expect(asUnavailable(err)?.kind).toBe('unavailable');
    const res = errorResponse(err);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/not reachable/), issues: [] } });
  });

  it('recognises a connection ended by the server (administrator command, SQLSTATE 57P01)', async () => {
    const victim = new pg.Client({ connectionString: TEST_PG_URL });
    victim.on('error', () => undefined);
    await victim.connect();
    const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      const running = errorOf(() => victim.query('SELECT pg_sleep(10)'));
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const err = await running;
      expect((err as { code?: string }).code).toBe('57P01');
      expect(asUnavailable(err)?.kind).toBe('unavailable');
      // The next query on the dead connection fails too, also as unavailable.
      expect(asUnavailable(await errorOf(() => victim.query('SELECT 1')))).not.toBeNull();
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });

  it('leaves ordinary SQL errors alone (they stay internal errors)', async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    try {
      const err = await errorOf(() => c.query('SELEC 1'));
      expect((err as { code?: string }).code).toBe('42601');
      expect(asUnavailable(err)).toBeNull();
      expect(errorResponse(err).status).toBe(500);
    } finally {
      await c.end();
    }
  });

  it('answers an unavailable AppError (a session or key not checkable meanwhile) with Retry-After too', async () => {
    const res = errorResponse(new AppError('unavailable', 'the database is not reachable at the moment; try again shortly'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ error: { code: 'unavailable', message: 'the database is not reachable at the moment; try again shortly', issues: [] } });
  });
});
