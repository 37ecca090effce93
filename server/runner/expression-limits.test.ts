/**
 * Hostile expressions run by the durable runner on a real SQLite file: each one that
 * would exhaust memory or time fails its step with a clear error naming the node and
 * the field (`EXPRESSION_LIMIT`), the catastrophic regular expression is answered at
 * once, and the process carries on with the next run. See `lib/expressions/limits.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { App } from '../app';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import type { Json } from '@/lib/engine/types';

let t: TestApp;
let app: App;

beforeAll(() => {
  t = openTestApp('exprlimits');
  app = t.app;
});
afterAll(async () => {
  await t.close();
});

/** Publishes trigger → Transform "Hostile" (hostile) with `expression` → end, runs it with `input`, returns the ended run. */
async function runTransform(name: string, expression: string, input: Record<string, Json> = {}) {
  const wf = await publish(
    app,
    doc(name, [node('start', 'manualTrigger'), { ...node('hostile', 'transform', { expression }), label: 'Hostile' }, node('done', 'end', { output: '$steps.hostile.output' })], [edge('start', 'hostile'), edge('hostile', 'done')]),
  );
  const { runId } = await app.runs.start({ workflowId: wf, input, startedBy: 'test' });
  return waitFor(() => ended(app, runId), 30_000);
}

describe('expression limits in the runner', () => {
  it('$pad to 150,000,000 characters fails the step with EXPRESSION_LIMIT naming node and field, without allocating it', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const run = await runTransform('pad', '$pad("", 150000000)');
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      code: 'EXPRESSION_LIMIT',
      nodeId: 'hostile',
      message: expect.stringMatching(/^Transform "Hostile" \(hostile\) mapping: .*larger than the limit of 4194304 characters/),
    });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('a doubling $reduce (string, array, and a structure sharing itself) fails with EXPRESSION_LIMIT', async () => {
    for (const [name, expression] of [
      ['double string', '$reduce([1..40], function($a, $i) { $a & $a }, "x")'],
      ['double array', '$reduce([1..40], function($a, $i) { $append($a, $a) }, [1])'],
      ['double tree', '$reduce([1..60], function($a, $i) { [$a, $a] }, "x")'],
    ]) {
      const run = await runTransform(name, expression);
      expect(run.status, name).toBe('failed');
      expect(run.error, name).toMatchObject({ code: 'EXPRESSION_LIMIT', nodeId: 'hostile', message: expect.stringMatching(/^Transform "Hostile" \(hostile\) mapping: /) });
    }
  });

  it('the catastrophic regular expression is answered at once and the event loop never stalls', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const run = await runTransform('regex', '$contains($input.name, /^([a-z]+)+$/)', { name: `${'a'.repeat(5000)}!` });
    delay.disable();
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe(false);
    expect(delay.percentile(99) / 1e6).toBeLessThan(200);
  });

  it('a long computation fails at its time limit while the event loop keeps turning', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const run = await runTransform('fib', '($f := function($n) { $n <= 1 ? $n : $f($n - 1) + $f($n - 2) }; $f(40))');
    delay.disable();
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'EXPRESSION_LIMIT', message: expect.stringMatching(/^Transform "Hostile" \(hostile\) mapping: evaluation ran longer than the limit of 1000 ms/) });
    expect(delay.percentile(99) / 1e6).toBeLessThan(200);
  });

  it('a regex search too long for one go, and large strings made one after the other, fail the step without stalling the event loop', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const regex = await runTransform('regex work', '$replace($input.s, /a/, "bb")', { s: 'a'.repeat(700_000) });
    const many = await runTransform('made total', '($s := $pad("", 4000000); $map([1..60], function($i) { $uppercase($s & $string($i)) }))');
    delay.disable();
    expect(regex.error).toMatchObject({ code: 'EXPRESSION_LIMIT', nodeId: 'hostile', message: expect.stringMatching(/^Transform "Hostile" \(hostile\) mapping: regular expression \/a\/ .* is more work than the limit/) });
    expect(many.error).toMatchObject({ code: 'EXPRESSION_LIMIT', nodeId: 'hostile', message: expect.stringMatching(/^Transform "Hostile" \(hostile\) mapping: the values made by one evaluation grew larger than 8 × the limit/) });
    expect(delay.max / 1e6).toBeLessThan(200);
  });

  it('an expression that throws names the node and the field', async () => {
    const run = await runTransform('throws', '$number("abc")');
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'EXPRESSION', nodeId: 'hostile', message: expect.stringMatching(/^Transform "Hostile" \(hostile\) mapping: /) });
  });

  it('a regular expression RE2 cannot run (lookaround, backreference) is refused when publishing', async () => {
    const bad = doc('lookahead', [node('start', 'manualTrigger'), { ...node('hostile', 'transform', { expression: '$contains($input.a, /(?=x)y/)' }), label: 'Hostile' }, node('done', 'end')], [edge('start', 'hostile'), edge('hostile', 'done')]);
    await expect(publish(app, bad)).rejects.toThrow(/Transform "Hostile" \(hostile\): Mapping: regular expression \/\(\?=x\)y\/ uses a lookahead/);
  });

  it('the process is healthy afterwards: an ordinary run succeeds', async () => {
    const run = await runTransform('ok', '$uppercase($input.name) & ":" & $string($count($match($input.name, /a/)))', { name: 'banana' });
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe('BANANA:3');
  });
});
