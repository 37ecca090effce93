/**
 * The sandbox's worker pool with real worker threads and real QuickJS: the main event
 * loop keeps turning while code runs, executions run side by side, hung and crashed
 * workers are replaced, and an aborted signal stops an execution. Bounds are loose
 * (event counts, seconds) so a loaded 2-core machine does not make them flake.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SandboxPool } from './pool';
import { runInSandbox, type SandboxLimits, type SandboxResult } from './sandbox';

const context = { input: { n: 21 }, steps: {}, vars: {}, run: null };
const limits: SandboxLimits = { timeoutMs: 1000, memoryBytes: 16 * 1024 * 1024 };
const pools: SandboxPool[] = [];
function newPool(opts: ConstructorParameters<typeof SandboxPool>[0] = {}) {
  const p = new SandboxPool(opts);
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** Counts main-thread timer ticks (every 10 ms) while `work` runs. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  try {
    return { result: await work, ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('code sandbox pool', () => {
  it('the main event loop keeps turning while a script spins until its CPU limit', async () => {
    const pool = newPool();
    await runInSandbox('return 1', context, limits, { pool }); // worker started and warm
    const { result, ticks } = await ticksDuring(runInSandbox('while (true) {}', context, { ...limits, timeoutMs: 1500 }, { pool }));
    expect(result).toMatchObject({ ok: false, error: { code: 'CPU_LIMIT' } });
    // 1.5 s at one tick per 10 ms is ~150 ticks; on the main thread it would be 0 (timers cannot fire while the loop is blocked).
    expect(ticks).toBeGreaterThan(30);
  });

  it('runs several executions in parallel and queues the rest; every one completes with its own result', async () => {
    const pool = newPool({ size: 2 });
    const runs = Array.from({ length: 8 }, (_, i) =>
      runInSandbox(`let s = 0; for (let k = 0; k < 20000; k++) s += k % 7; return { i: $input.i, twice: $input.i * 2, s };`, { ...context, input: { i } }, limits, { pool }),
    );
    // Two of them spin until their limit: they hold both workers for a while, the others wait.
    const spinning = [1, 2].map(() => runInSandbox('while (true) {}', context, { ...limits, timeoutMs: 300 }, { pool }));
    expect(pool.stats().workers).toBeLessThanOrEqual(2);
    const results = await Promise.all(runs);
    results.forEach((r, i) => expect(r).toMatchObject({ ok: true, value: { i, twice: i * 2 } }));
    expect(new Set(results.map((r) => (r.ok ? (r.value as { s: number }).s : -1))).size).toBe(1);
    for (const r of await Promise.all(spinning)) expect(r).toMatchObject({ ok: false, error: { code: 'CPU_LIMIT' } });
    expect(pool.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0, replaced: 0 });
  });

  // A real worker and real QuickJS, with a fault injected by the code sent (see the fixture).
  const faulty = path.join(import.meta.dirname, '__fixtures__', 'faulty-worker.mjs');

  it('a worker that does not answer in time is terminated and replaced (CPU_LIMIT), and the next execution works', async () => {
    const pool = newPool({ size: 1, marginMs: 500, workerFile: faulty });
    expect(await runInSandbox('return $input.n', context, limits, { pool })).toMatchObject({ ok: true, value: 21 });
    const started = Date.now();
    const r = await runInSandbox('// __hang__', context, { ...limits, timeoutMs: 300 }, { pool });
    expect(r).toMatchObject({ ok: false, error: { code: 'CPU_LIMIT', message: expect.stringMatching(/did not stop, so its sandbox was replaced/) } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(pool.stats()).toMatchObject({ replaced: 1, busy: 0 });
    expect(await runInSandbox('return $input.n * 2', context, limits, { pool })).toMatchObject({ ok: true, value: 42 });
    expect(pool.stats()).toMatchObject({ workers: 1, started: 2 });
  });

  it('a worker that crashes fails its execution with SANDBOX; the pool replaces it and stays usable', async () => {
    const pool = newPool({ size: 2, workerFile: faulty });
    const results = await Promise.all([runInSandbox('// __crash__', context, limits, { pool }), runInSandbox('return 1', context, limits, { pool })]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'SANDBOX', message: expect.stringMatching(/stopped unexpectedly \(the worker crashed on purpose\); it was replaced/) } });
    expect(results[1]).toMatchObject({ ok: true, value: 1 });
    expect(pool.stats().replaced).toBe(1);
    const after = await Promise.all([1, 2, 3].map((k) => runInSandbox(`return $input.n * ${k}`, context, limits, { pool })));
    expect(after.map((r) => (r.ok ? r.value : r.error.code))).toEqual([21, 42, 63]);
  });

  it('a worker script that cannot start fails executions with SANDBOX instead of retrying forever', async () => {
    const pool = newPool({ size: 1, workerFile: '/nonexistent/sandbox-worker.mjs' });
    const r = await runInSandbox('return 1', context, limits, { pool });
    expect(r).toMatchObject({ ok: false, error: { code: 'SANDBOX', message: expect.stringMatching(/could not start/) } });
    expect(pool.stats().started).toBeLessThanOrEqual(2);
  });

  it('an aborted signal stops a running execution promptly, and a queued one at once', async () => {
    const pool = newPool({ size: 1 });
    await runInSandbox('return 1', context, limits, { pool });
    const running = new AbortController();
    const queued = new AbortController();
    const started = Date.now();
    const spin = runInSandbox('while (true) {}', context, { ...limits, timeoutMs: 5000 }, { pool, signal: running.signal });
    const waiting = runInSandbox('return 1', context, limits, { pool, signal: queued.signal });
    queued.abort(new Error('run cancelled'));
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'the execution was stopped: run cancelled' } });
    setTimeout(() => running.abort(new Error('attempt exceeded 100 ms')), 100);
    const r: SandboxResult = await spin;
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringMatching(/attempt exceeded/) } });
    // Well before the 5 s CPU limit.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await runInSandbox('return $input.n + 1', context, limits, { pool })).toMatchObject({ ok: true, value: 22 });
    // An already aborted signal never reaches a worker.
    const before = pool.stats().started;
    expect(await runInSandbox('return 1', context, limits, { pool, signal: AbortSignal.abort() })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(pool.stats().started).toBe(before);
  });

  it('a worker whose memory grew past the threshold is replaced after the execution; normal programs keep running', async () => {
    const threshold = 40 * 1024 * 1024;
    const pool = newPool({ size: 1, recycleBytes: threshold });
    expect(await runInSandbox('return $input.n', context, limits, { pool })).toMatchObject({ ok: true, value: 21 });
    expect(pool.stats()).toMatchObject({ workers: 1, recycled: 0 });
    expect(pool.stats().memoryBytes).toBeLessThan(threshold);
    // The WebAssembly memory grows to the limit (16 MiB base + 48 MiB) and never shrinks by itself.
    const big = await runInSandbox("const a = []; for (let i = 0; i < 2000; i++) a.push('x'.repeat(1e6)); return a.length", context, { timeoutMs: 5000, memoryBytes: 48 * 1024 * 1024 }, { pool });
    expect(big).toMatchObject({ ok: false, error: { code: 'MEMORY_LIMIT' } });
    expect(pool.stats()).toMatchObject({ workers: 0, recycled: 1, replaced: 0, memoryBytes: 0 });
    expect(await runInSandbox('return $input.n * 2', context, limits, { pool })).toMatchObject({ ok: true, value: 42 });
    expect(pool.stats()).toMatchObject({ workers: 1, started: 2, recycled: 1 });
    expect(pool.stats().memoryBytes).toBeGreaterThan(0);
    expect(pool.stats().memoryBytes).toBeLessThan(threshold);
  });

  it('a closed pool refuses new work', async () => {
    const pool = newPool({ size: 1 });
    await runInSandbox('return 1', context, limits, { pool });
    await pool.close();
    expect(await runInSandbox('return 1', context, limits, { pool })).toMatchObject({ ok: false, error: { code: 'SANDBOX' } });
    expect(pool.stats().workers).toBe(0);
  });
});
