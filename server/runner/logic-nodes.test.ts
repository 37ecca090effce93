/**
 * The logic nodes (code, decision table, switch, classify text) run end to end by the
 * durable runner on a fresh SQLite file and a fresh PostgreSQL database: outputs, ports
 * taken, error ports, step logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { ended, openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import type { Json } from '@/lib/engine/types';
import { sharedSandboxPool } from '@/lib/nodes/code/sandbox';

let t: TestAppOn;
let app: App;

describe.each(DIALECTS)('logic nodes on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'logic');
    app = t.app;
  });
  afterAll(async () => {
    await t.close();
  });

  async function runToEnd(workflowId: string, input: Record<string, Json>) {
    const { runId } = await app.runs.start({ workflowId, input, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId));
    return { runId, run };
  }

  describe('code node', () => {
    it('computes from the run context, logs to the attempt, and a runaway script takes the error port while the server stays healthy', async () => {
      const wf = await publish(
        app,
        doc(
          'code',
          [
            node('start', 'manualTrigger'),
            node('sum', 'code', { code: 'console.log("items", $input.items.length);\nconst total = $input.items.reduce((s, i) => s + i.price * i.qty, 0);\nreturn { total, big: total > 100 };' }),
            node('spin', 'code', { code: 'if ($steps.sum.output.big) { while (true) {} }\nreturn "fast";', timeoutMs: 150 }),
            node('ok', 'end', { output: '{ "total": $steps.sum.output.total, "spin": $steps.spin.output }' }),
            node('caught', 'end', { output: '{ "total": $steps.sum.output.total, "error": $steps.spin.error.code }' }),
          ],
          [edge('start', 'sum'), edge('sum', 'spin'), edge('spin', 'ok'), edge('spin', 'caught', 'error')],
        ),
      );
      const small = await runToEnd(wf, { items: [{ price: 2, qty: 3 }, { price: 10, qty: 1 }] });
      expect(small.run.status).toBe('succeeded');
      expect(small.run.output).toEqual({ total: 16, spin: 'fast' });
      const logs = (await app.runs.attempts(small.runId, 'sum#1')).flatMap((a) => a.logs);
      expect(logs.some((l) => l.endsWith('items 2'))).toBe(true);

      const big = await runToEnd(wf, { items: [{ price: 60, qty: 2 }] });
      expect(big.run.status).toBe('succeeded');
      expect(big.run.output).toEqual({ total: 120, error: 'CPU_LIMIT' });
      const spin = await app.runs.attempts(big.runId, 'spin#1');
      expect(spin[0]).toMatchObject({ status: 'failed', error: { code: 'CPU_LIMIT', message: expect.stringMatching(/Code "spin" \(spin\): .*CPU time limit \(150 ms\)/) } });

      // Same server, next run: still fine.
      expect((await runToEnd(wf, { items: [] })).run.output).toEqual({ total: 0, spin: 'fast' });
    });

    it('a syntax error is refused when publishing, with the line and column', async () => {
      const bad = doc('code syntax', [node('start', 'manualTrigger'), node('bad', 'code', { code: 'const a = 1;\nreturn a +;' }), node('done', 'end')], [edge('start', 'bad'), edge('bad', 'done')]);
      await expect(publish(app, bad)).rejects.toThrow(/cannot publish: 1 problem — Code .*\(bad\): Code has a syntax error at line 2, column 11: Unexpected token/);
    });

    it('cancelling a run stops its running code at once, and the next run of the same code works', async () => {
      const wf = await publish(app, doc('code cancel', [node('start', 'manualTrigger'), node('spin', 'code', { code: 'if ($input.spin) { while (true) {} }\nreturn "done";', timeoutMs: 5000 }), node('done', 'end', { output: '$steps.spin.output' })], [edge('start', 'spin'), edge('spin', 'done')]));
      const { runId } = await app.runs.start({ workflowId: wf, input: { spin: true }, startedBy: 'test' });
      const pool = sharedSandboxPool();
      await waitFor(() => pool.stats().busy > 0 || null);
      const started = Date.now();
      await app.runs.cancel(runId, 'test', 'no longer needed');
      expect((await app.runs.get(runId)).status).toBe('cancelled');
      // The worker running the code is stopped well before the 5 s CPU limit.
      await waitFor(() => pool.stats().busy === 0 || null);
      expect(Date.now() - started).toBeLessThan(4000);
      expect((await runToEnd(wf, { spin: false })).run.output).toBe('done');
    });
  });

  describe('decision table node', () => {
    const rules = (hitPolicy: string) => ({
      hitPolicy,
      table: {
        inputs: [{ label: 'Amount', expression: '$input.amount' }, { label: 'Customer', expression: '$input.customer' }],
        outputs: [{ name: 'approval' }, { name: 'limit' }],
        rules: [
          { when: ['< 1000', '-'], then: ['"automatic"', '$input.amount'], note: 'small' },
          { when: ['[1000..10000]', '"gold","platinum"'], then: ['"automatic"', '10000'], note: 'trusted' },
          { when: ['>= 1000', '-'], then: ['"manager"', ''], note: 'everything else' },
        ],
      },
    });

    it('FIRST drives an exclusive gateway through $steps.<id>.output.result', async () => {
      const wf = await publish(
        app,
        doc(
          'decision',
          [
            node('start', 'manualTrigger'),
            node('rules', 'decisionTable', rules('FIRST')),
            node('route', 'exclusiveGateway', { branches: [{ id: 'manager', label: 'Manager', condition: '$steps.rules.output.result.approval = "manager"' }] }),
            node('review', 'end', { output: '{ "path": "review", "matched": $steps.rules.output.matched }' }),
            node('auto', 'end', { output: '{ "path": "auto", "result": $steps.rules.output.result }' }),
          ],
          [edge('start', 'rules'), edge('rules', 'route'), edge('route', 'review', 'manager'), edge('route', 'auto', 'default')],
        ),
      );
      expect((await runToEnd(wf, { amount: 500, customer: 'basic' })).run.output).toEqual({ path: 'auto', result: { approval: 'automatic', limit: 500 } });
      expect((await runToEnd(wf, { amount: 5000, customer: 'gold' })).run.output).toEqual({ path: 'auto', result: { approval: 'automatic', limit: 10000 } });
      expect((await runToEnd(wf, { amount: 5000, customer: 'basic' })).run.output).toEqual({ path: 'review', matched: [3] });
    });

    it('COLLECT lists every match; UNIQUE with overlapping rules fails naming them, through the error port', async () => {
      const collect = await publish(app, doc('collect', [node('start', 'manualTrigger'), node('rules', 'decisionTable', rules('COLLECT')), node('done', 'end', { output: '$steps.rules.output' })], [edge('start', 'rules'), edge('rules', 'done')]));
      expect((await runToEnd(collect, { amount: 5000, customer: 'gold' })).run.output).toEqual({
        result: [
          { approval: 'automatic', limit: 10000 },
          { approval: 'manager', limit: null },
        ],
        matched: [2, 3],
      });
      const unique = await publish(
        app,
        doc('unique', [node('start', 'manualTrigger'), node('rules', 'decisionTable', rules('UNIQUE')), node('done', 'end', { output: '$steps.rules.output' }), node('overlap', 'end', { output: '$steps.rules.error' })], [
          edge('start', 'rules'),
          edge('rules', 'done'),
          edge('rules', 'overlap', 'error'),
        ]),
      );
      expect((await runToEnd(unique, { amount: 1, customer: 'x' })).run.output).toEqual({ result: { approval: 'automatic', limit: 1 }, matched: [1] });
      const { run } = await runToEnd(unique, { amount: 5000, customer: 'gold' });
      expect(run.output).toMatchObject({ code: 'UNIQUE_VIOLATION', message: 'Decision table "rules" (rules): rules 2 and 3 all matched; the UNIQUE hit policy allows at most one' });
    });
  });

  describe('switch node', () => {
    it('routes by value to the first equal case, else default; no default edge fails with NO_BRANCH', async () => {
      const cases = [
        { id: 'gold', label: 'Gold', equals: 'gold' },
        { id: 'vip', label: 'VIP', equals: '"platinum"' },
        { id: 'one', label: 'One', equals: '1' },
      ];
      const nodes = [node('start', 'manualTrigger'), node('tier', 'switch', { value: '$input.tier', cases, ignoreCase: true }), ...['gold', 'vip', 'one', 'other'].map((id) => node(id, 'end', { output: `"${id}"` }))];
      const wf = await publish(app, doc('switch', nodes, [edge('start', 'tier'), edge('tier', 'gold', 'gold'), edge('tier', 'vip', 'vip'), edge('tier', 'one', 'one'), edge('tier', 'other', 'default')]));
      expect((await runToEnd(wf, { tier: 'GOLD' })).run.output).toBe('gold');
      expect((await runToEnd(wf, { tier: 'platinum' })).run.output).toBe('vip');
      expect((await runToEnd(wf, { tier: 1 })).run.output).toBe('one');
      const other = await runToEnd(wf, { tier: 'bronze' });
      expect(other.run.output).toBe('other');
      expect((await app.runs.get(other.runId)).steps.find((s) => s.nodeId === 'tier')?.output).toEqual({ value: 'bronze', case: 'default' });

      const strict = await publish(app, doc('switch strict', nodes.slice(0, 5), [edge('start', 'tier'), edge('tier', 'gold', 'gold'), edge('tier', 'vip', 'vip'), edge('tier', 'one', 'one')]));
      const failed = await runToEnd(strict, { tier: 'bronze' });
      expect(failed.run.status).toBe('failed');
      expect(failed.run.error).toMatchObject({ code: 'NO_BRANCH', nodeId: 'tier', message: expect.stringMatching(/^Switch "tier": no condition held and no default branch is connected/) });
    });
  });

  describe('classify text node', () => {
    it('routes a customer message by sentiment, with keyword labels in the output', async () => {
      const wf = await publish(
        app,
        doc(
          'classify',
          [
            node('start', 'manualTrigger'),
            node('mood', 'classifyText', { text: '$input.message', routeBy: 'sentiment', labels: [{ id: 'refund', keywords: 'refund, money back' }, { id: 'shipping', keywords: 'package, delivery' }] }),
            ...['positive', 'neutral', 'negative'].map((id) => node(id, 'end', { output: `{ "route": "${id}", "labels": $steps.mood.output.labels, "score": $steps.mood.output.sentiment.score }` })),
          ],
          [edge('start', 'mood'), edge('mood', 'positive', 'positive'), edge('mood', 'neutral', 'neutral'), edge('mood', 'negative', 'negative')],
        ),
      );
      const angry = (await runToEnd(wf, { message: 'The package arrived broken. I am angry and want my money back!' })).run.output as { route: string; labels: string[]; score: number };
      expect(angry).toMatchObject({ route: 'negative', labels: ['refund', 'shipping'] });
      expect(angry.score).toBeLessThan(0);
      expect((await runToEnd(wf, { message: 'Great service, thank you so much!' })).run.output).toMatchObject({ route: 'positive', labels: [] });
      expect((await runToEnd(wf, { message: 'Where is my delivery?' })).run.output).toMatchObject({ route: 'neutral', labels: ['shipping'] });
    });

    it('routes by the first matching label, else "other"; a non-text value fails through the error port', async () => {
      const wf = await publish(
        app,
        doc(
          'classify labels',
          [
            node('start', 'manualTrigger'),
            node('topic', 'classifyText', { text: '$input.message', routeBy: 'label', labels: [{ id: 'refund', keywords: 'refund' }, { id: 'shipping', keywords: 'delivery' }] }),
            ...['refund', 'shipping', 'other'].map((id) => node(id, 'end', { output: `"${id}"` })),
            node('bad', 'end', { output: '$steps.topic.error.code' }),
          ],
          [edge('start', 'topic'), edge('topic', 'refund', 'refund'), edge('topic', 'shipping', 'shipping'), edge('topic', 'other', 'other'), edge('topic', 'bad', 'error')],
        ),
      );
      expect((await runToEnd(wf, { message: 'delivery late, I want a refund' })).run.output).toBe('refund');
      expect((await runToEnd(wf, { message: 'delivery late' })).run.output).toBe('shipping');
      expect((await runToEnd(wf, { message: 'hello' })).run.output).toBe('other');
      expect((await runToEnd(wf, { message: { nested: true } })).run.output).toBe('NOT_TEXT');
    });
  });
});
