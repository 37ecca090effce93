/** The code sandbox against real QuickJS: results, errors with positions, limits and escape attempts. */
import { describe, expect, it } from 'vitest';
import { runInSandbox, type SandboxLimits } from './sandbox';

const limits: SandboxLimits = { timeoutMs: 500, memoryBytes: 16 * 1024 * 1024 };
const context = { input: { amount: 120, items: [{ price: 2 }, { price: 3 }] }, steps: { fetch: { output: { status: 200 } } }, vars: { region: 'eu' }, run: { id: 'r1', workflowId: 'w1', version: 1, startedAt: '2025-01-01T00:00:00.000Z' } };
const run = (code: string, l: SandboxLimits = limits) => runInSandbox(code, context, l);

/** The sandbox must still work after a failure: a plain script right after it succeeds. */
async function stillHealthy() {
  const r = await run('return 40 + 2');
  expect(r).toMatchObject({ ok: true, value: 42 });
}

describe('code sandbox: results', () => {
  it('returns JSON computed from the run context; await works; no return gives null', async () => {
    const r = await run('const total = $input.items.reduce((s, i) => s + i.price, 0);\nawait null;\nreturn { total, status: $steps.fetch.output.status, region: $vars.region, run: $run.id };');
    expect(r).toMatchObject({ ok: true, value: { total: 5, status: 200, region: 'eu', run: 'r1' } });
    expect(await run('const x = 1;')).toMatchObject({ ok: true, value: null });
  });

  it('sends console lines to the log, capped', async () => {
    const r = await run('console.log("hello", { a: 1 }, [2]); console.warn("careful"); for (let i = 0; i < 500; i++) console.log(i); return 1');
    expect(r.ok).toBe(true);
    expect(r.logs[0]).toBe('hello {"a":1} [2]');
    expect(r.logs[1]).toBe('warn: careful');
    expect(r.logs).toHaveLength(101);
    expect(r.logs[100]).toMatch(/402 more console lines not kept/);
    const long = await run('console.log("y".repeat(1e6)); return 1');
    expect(long.logs[0]).toHaveLength(2001);
    expect(long.logs[0]!.endsWith('…')).toBe(true);
  });

  it('the run context is a copy: changing it inside does not change the host object', async () => {
    const r = await run('$input.amount = 0; return $input.amount');
    expect(r).toMatchObject({ ok: true, value: 0 });
    expect(context.input.amount).toBe(120);
  });
});

describe('code sandbox: errors', () => {
  it('reports a syntax error with line and column in the user code', async () => {
    const r = await run('const a = 1;\nconst b = ;\nreturn a');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'SYNTAX_ERROR', line: 2, column: 11 });
    expect(r.error.message).toMatch(/^SyntaxError: .*\(line 2, column 11\)$/);
  });

  it('code that closes the wrapper function early is refused, and the sandbox stays usable', async () => {
    expect(await run('})(); 42; (function () {')).toMatchObject({ ok: false, error: { code: 'SYNTAX_ERROR', message: expect.stringMatching(/closes the function/) } });
    await stillHealthy();
  });

  it('an unclosed brace is reported on the last line of the code', async () => {
    const r = await run('if (true) {\n  return 1;');
    expect(r).toMatchObject({ ok: false, error: { code: 'SYNTAX_ERROR', line: 2 } });
  });

  it('reports a thrown error with its message, position and stack', async () => {
    const r = await run('function check(x) {\n  if (x > 100) throw new Error("too large: " + x);\n}\ncheck($input.amount);');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'USER_ERROR', message: 'Error: too large: 120 (line 2, column 31)', line: 2 });
    expect(r.error.stack).toMatch(/at check \(line 2/);
    expect(r.error.stack).toMatch(/at <code> \(line 4/);
  });

  it('reports a thrown non-error value and a rejected promise', async () => {
    expect(await run('throw { reason: "nope" }')).toMatchObject({ ok: false, error: { code: 'USER_ERROR', message: 'uncaught {"reason":"nope"}' } });
    expect(await run('await Promise.reject(new TypeError("bad"))')).toMatchObject({ ok: false, error: { code: 'USER_ERROR', message: expect.stringMatching(/^TypeError: bad/) } });
  });

  it('refuses results that are not JSON', async () => {
    expect(await run('return () => 1')).toMatchObject({ ok: false, error: { code: 'NOT_JSON', message: expect.stringMatching(/returned a function/) } });
    expect(await run('const a = {}; a.self = a; return a')).toMatchObject({ ok: false, error: { code: 'NOT_JSON', message: expect.stringMatching(/circular/i) } });
    expect(await run('return 10n')).toMatchObject({ ok: false, error: { code: 'NOT_JSON' } });
    // A hostile JSON.stringify cannot hand the host something that is not JSON.
    expect(await run('JSON.stringify = () => "{not json"; return 1')).toMatchObject({ ok: false });
    await stillHealthy();
  });

  it('a promise that never settles fails instead of hanging', async () => {
    expect(await run('await new Promise(() => {}); return 1')).toMatchObject({ ok: false, error: { code: 'NEVER_SETTLED' } });
  });
});

describe('code sandbox: escape attempts and limits', () => {
  it('a constructor chain reaches only the sandbox Function: no process, require or host globals', async () => {
    const r = await run("return this.constructor.constructor('return process')()");
    expect(r).toMatchObject({ ok: false, error: { code: 'USER_ERROR', message: expect.stringMatching(/ReferenceError: .*process/) } });
    const g = await run("return [typeof require, typeof process, typeof globalThis.fetch, typeof setTimeout, typeof setInterval, typeof queueMicrotask, typeof __batonLog, typeof __batonContext, typeof Function('return this')().process]");
    expect(g).toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined'] });
    await stillHealthy();
  });

  it('prototype pollution stays inside the sandbox and inside one execution', async () => {
    const r = await run('Object.prototype.polluted = "yes"; Array.prototype.map = null; JSON.parse = null; return ({}).polluted');
    expect(r).toMatchObject({ ok: true, value: 'yes' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof [].map).toBe('function');
    // The next execution gets a fresh context.
    expect(await run('return [({}).polluted === undefined, typeof [].map, typeof JSON.parse]')).toMatchObject({ ok: true, value: [true, 'function', 'function'] });
  });

  it('stops an infinite loop at the CPU limit', async () => {
    const started = Date.now();
    const r = await run('while (true) {}', { ...limits, timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, error: { code: 'CPU_LIMIT' } });
    expect(Date.now() - started).toBeLessThan(2000);
    await stillHealthy();
  });

  it('stops a huge allocation at the memory limit', async () => {
    const r = await run('const a = []; for (let i = 0; i < 1e7; i++) a.push("x".repeat(100) + i); return a.length', { timeoutMs: 5000, memoryBytes: 8 * 1024 * 1024 });
    expect(r).toMatchObject({ ok: false, error: { code: 'MEMORY_LIMIT' } });
    expect(await run('return "x".repeat(2 ** 28).length', { timeoutMs: 1000, memoryBytes: 8 * 1024 * 1024 })).toMatchObject({ ok: false, error: { code: 'MEMORY_LIMIT' } });
    await stillHealthy();
  });

  it('large strings count against the memory limit: 1 MB strings pushed in a loop stop near 16 MiB', async () => {
    // QuickJS's own counter sees 8 bytes per allocation in this build; this went past 2 GB before.
    const r = await run("const a = []; for (let i = 0; i < 2000; i++) a.push('x'.repeat(1e6)); return a.length", { timeoutMs: 5000, memoryBytes: 16 * 1024 * 1024 });
    expect(r).toMatchObject({ ok: false, error: { code: 'MEMORY_LIMIT' } });
    // Near the limit: about 16 strings fit in 16 MiB (plus the interpreter's base memory), not hundreds.
    const fits = await run("const a = []; try { for (let i = 0; i < 2000; i++) a.push('x'.repeat(1e6)); } catch (e) { a.length = a.length; } return a.length", { timeoutMs: 5000, memoryBytes: 16 * 1024 * 1024 });
    expect(fits.ok).toBe(true);
    expect(fits.ok && (fits.value as number)).toBeGreaterThanOrEqual(8);
    expect(fits.ok && (fits.value as number)).toBeLessThanOrEqual(32);
    // A larger limit lets more through, and ordinary programs still run afterwards.
    const bigger = await run("const a = []; for (let i = 0; i < 48; i++) a.push('x'.repeat(1e6)); return a.length", { timeoutMs: 5000, memoryBytes: 64 * 1024 * 1024 });
    expect(bigger).toMatchObject({ ok: true, value: 48 });
    await stillHealthy();
  });

  it('a run context too large for the memory limit fails with a message saying so', async () => {
    const big = { ...context, input: { blob: 'x'.repeat(6 * 1024 * 1024) } };
    const r = await runInSandbox('return 1', big, { timeoutMs: 1000, memoryBytes: 4 * 1024 * 1024 });
    expect(r).toMatchObject({ ok: false, error: { code: 'MEMORY_LIMIT', message: expect.stringMatching(/run context .* \d+ KiB of JSON\) does not fit/) } });
    await stillHealthy();
  });

  it('stops deep recursion at the stack limit, also recursion through built-ins', async () => {
    expect(await run('function f(n) { return f(n + 1) + 1 } return f(0)')).toMatchObject({ ok: false, error: { code: 'STACK_LIMIT' } });
    expect(await run('const o = {}; o.toString = function () { return "" + this }; return "" + o')).toMatchObject({ ok: false, error: { code: 'STACK_LIMIT' } });
    expect(await run('const a = []; a[0] = a; return a.join()')).toMatchObject({ ok: false, error: { code: 'STACK_LIMIT' } });
    // Moderate recursion is fine.
    expect(await run('function f(n) { return n === 0 ? 0 : 1 + f(n - 1) } return f(300)')).toMatchObject({ ok: true, value: 300 });
    await stillHealthy();
  });

  it('a fresh runtime per execution costs well under a few milliseconds', async () => {
    await run('return 1');
    const n = 50;
    const started = performance.now();
    for (let i = 0; i < n; i++) await run('return $input.amount * 2');
    const perRun = (performance.now() - started) / n;
    // Measured ≈ 0.3 ms here (runtime + context + prelude + JSON round trip); the bound is loose for slow machines.
    expect(perRun).toBeLessThan(20);
  });
});
