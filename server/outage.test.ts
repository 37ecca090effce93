/**
 * Riding out a database outage (`outage.ts`), with the error a real refused PostgreSQL
 * connection produces: work is repeated with growing pauses while the database is away,
 * the outage is logged once when it starts and once when it ends, other errors are not
 * retried, and giving up is an error an enclosing retry does not repeat.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, BACKOFF_MAX_MS, GaveUpWaiting, isUnreachable, OutageLog, untilReachable } from './outage';

let refused: Error;

beforeAll(async () => {
  const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 2_000 });
  refused = await c.connect().then(
    () => new Error('connected to port 1?'),
    (e: Error) => e,
  );
});

function logged(): { lines: string[]; log: OutageLog } {
  const lines: string[] = [];
  return { lines, log: new OutageLog('runner', (l) => lines.push(l)) };
}

describe('outage', () => {
  it('recognises a refused connection, not an ordinary error', () => {
    expect(isUnreachable(refused)).toBe(true);
    expect(isUnreachable(new Error('syntax error at or near "SELEC"'))).toBe(false);
  });

  it('waits 0.25, 0.5, 1, then 2 s at most between tries', () => {
    expect([1, 2, 3, 4, 5, 50].map(backoffMs)).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
    expect(BACKOFF_MAX_MS).toBe(2_000);
  });

  it('repeats work while the database is away and logs the outage once, then its end', async () => {
    const { lines, log } = logged();
    let calls = 0;
    const started = Date.now();
    const v = await untilReachable(
      async () => {
        if (++calls <= 3) throw refused;
        return 'recorded';
      },
      { deadline: Date.now() + 10_000, stopped: () => false, log },
    );
    expect(v).toBe('recorded');
    expect(calls).toBe(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250 + 500 + 1_000 - 20);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[baton\] runner: the database is not reachable \(.*ECONNREFUSED.*\); trying again until it is back$/);
    expect(lines[1]).toMatch(/^\[baton\] runner: the database answers again after \d+\.\d s$/);
    expect(log.down).toBe(false);
  });

  it('does not repeat work that failed for another reason', async () => {
    const { lines, log } = logged();
    let calls = 0;
    const boom = new Error('a bug');
    const failing = async () => {
      calls++;
      throw boom;
    };
    await expect(untilReachable(failing, { deadline: Date.now() + 10_000, stopped: () => false, log })).rejects.toBe(boom);
    expect(calls).toBe(1);
    expect(lines).toEqual([]);
  });

  it('gives up at the deadline or when stopping, and an enclosing retry passes that on at once', async () => {
    const { log } = logged();
    let inner = 0;
    const away = async () => {
      inner++;
      throw refused;
    };
    const err = await untilReachable(() => untilReachable(away, { deadline: Date.now() + 600, stopped: () => false, log }), { deadline: Date.now() + 10_000, stopped: () => false, log }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GaveUpWaiting);
    expect((err as GaveUpWaiting).cause).toBe(refused);
    expect(inner).toBe(2); // 0 ms, then after 250 ms; the next pause (500 ms) would pass the deadline
    expect(log.down).toBe(true);

    inner = 0;
    const stopped = await untilReachable(away, { deadline: Date.now() + 10_000, stopped: () => true, log }).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(GaveUpWaiting);
    expect(inner).toBe(1);
  });
});
