/**
 * Memory bounds of runs on a real runner with a real SQLite file and a real HTTP server
 * on 127.0.0.1: the step data limit (`OUTPUT_TOO_LARGE`), per-run quotas (`RUN_QUOTA`),
 * the `settings.maxIterations` bound and the loop guard's error.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type SqliteApp as App } from '../app';
import { ended, publish } from '@/tests/helpers/app';
import { documentFromBody } from '../rest/views';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { runLimitsFromEnv } from './limits';
import { ALLOW_LOOPBACK } from '@/tests/helpers/http-server';

/** Small limits so tests stay quick: 64 KiB per step input/output, 128 KiB of variables per run. */
const LIMITS = { stepDataBytes: 64 * 1024, runSteps: 10_000, runBytes: 256 * 1024 * 1024, runVarsBytes: 128 * 1024 };

let dir: string;
let app: App;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-limits-'));
  app = createApp(path.join(dir, 'limits.db'), { seed: false, limits: LIMITS });
  app.runner.start();
  // `/big?n=<chars>[&status=<code>]`: a JSON string body of n characters.
  server = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const n = Number(q.get('n') ?? 0);
    res.writeHead(Number(q.get('status') ?? 200), { 'content-type': 'application/json' });
    res.end(JSON.stringify('x'.repeat(n)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The test server is a local service on 127.0.0.1, which the outbound guard refuses unless opened on purpose.
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await app.runner.stop();
  app.handle.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((r) => server.close(() => r()));
});

const labelled = (id: string, type: string, label: string, config: Record<string, unknown>) => ({ ...node(id, type, config), label });
const transform = (id: string, expression: string) => node(id, 'transform', { expression, assignTo: '' });
const httpNode = (id: string, url: string, extra: Record<string, unknown> = {}) =>
  labelled(id, 'http', 'Fetch report', { method: 'GET', url, headers: [], body: '', timeoutMs: 10000, failOnHttpError: true, ...extra });

async function runToEnd(a: App, d: WorkflowDocument, input: Record<string, unknown> = {}) {
  const wf = await publish(a, d);
  const { runId } = await a.runs.start({ workflowId: wf, input, startedBy: 'test' });
  return { runId, run: await waitFor(() => ended(a, runId), 20_000) };
}

/** The run error's message. */
const message = (run: { error: unknown }) => String((run.error as { message?: string } | null)?.message);

function rowCounts(a: App, runId: string) {
  const q = (sql: string) => (a.handle.sqlite.prepare(sql).get(runId) as { n: number | null }).n ?? 0;
  return {
    steps: q('SELECT COUNT(*) AS n FROM steps WHERE run_id = ?'),
    bytes:
      q('SELECT SUM(LENGTH(data)) AS n FROM run_events WHERE run_id = ?') +
      q('SELECT SUM(COALESCE(LENGTH(input), 0) + COALESCE(LENGTH(output), 0)) AS n FROM steps WHERE run_id = ?'),
  };
}

describe('step data limit', () => {
  it('fails a Transform whose output is over the limit with OUTPUT_TOO_LARGE naming the node, stores none of it', async () => {
    const { runId, run } = await runToEnd(
      app,
      doc('big transform', [node('start', 'manualTrigger'), labelled('big', 'transform', 'Build list', { expression: '[1..20000]', assignTo: '' }), node('done', 'end')], [edge('start', 'big'), edge('big', 'done')]),
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', nodeId: 'big', stepId: 'big#1' });
    expect(message(run)).toMatch(/^"Build list" \(big\): the step's output is [\d,]+ characters of JSON, over the limit of 65,536 \(BATON_STEP_DATA_MAX_BYTES\)$/);
    const step = run.steps.find((s) => s.stepId === 'big#1')!;
    expect(step.status).toBe('failed');
    expect(step.output).toBeNull();
    expect(rowCounts(app, runId).bytes).toBeLessThan(LIMITS.stepDataBytes);
  });

  it('measures a string output by its JSON text (escapes count)', async () => {
    const run = (expression: string) =>
      runToEnd(app, doc('string', [node('start', 'manualTrigger'), transform('s', expression), node('done', 'end', { output: '$length($steps.s.output)' })], [edge('start', 's'), edge('s', 'done')]));
    // 40,000 newlines: 40,002 characters long, 80,002 as JSON.
    const escaped = await run('$pad("", 40000, "\\n")');
    expect(escaped.run.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', nodeId: 's' });
    expect(message(escaped.run)).toContain('output is 80,002 characters of JSON');
    expect((await run('$pad("", 40000, "a")')).run.output).toBe(40_000);
  });

  it('takes the error edge when one is drawn, and does not retry', async () => {
    const { run } = await runToEnd(
      app,
      doc(
        'big with error edge',
        [node('start', 'manualTrigger'), { ...transform('big', '[1..20000]'), config: { expression: '[1..20000]', assignTo: '', retry: { maxAttempts: 3, initialIntervalMs: 10, backoffFactor: 1, maxIntervalMs: 10, jitter: 0 } } }, node('ok', 'end', { output: '"ok"' }), node('handled', 'end', { output: '$steps.big.error.code' })],
        [edge('start', 'big'), edge('big', 'ok'), edge('big', 'handled', 'error')],
      ),
    );
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe('OUTPUT_TOO_LARGE');
    expect(run.steps.find((s) => s.stepId === 'big#1')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('fails an HTTP step whose response fits the node’s maxResponseBytes but not the step limit; the node’s own limit still applies first', async () => {
    const { runId, run } = await runToEnd(app, doc('big http', [node('start', 'manualTrigger'), httpNode('fetch', `${base}/big?n=100000`), node('done', 'end')], [edge('start', 'fetch'), edge('fetch', 'done')]));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', nodeId: 'fetch', stepId: 'fetch#1' });
    expect(message(run)).toMatch(/^"Fetch report" \(fetch\): the step's output is/);
    const [attempt] = await app.runs.attempts(runId, 'fetch#1');
    expect(attempt).toMatchObject({ status: 'failed', output: null, error: { code: 'OUTPUT_TOO_LARGE' } });
    expect(attempt.input).toMatchObject({ method: 'GET' });

    const own = await runToEnd(app, doc('bigger http', [node('start', 'manualTrigger'), httpNode('fetch', `${base}/big?n=100000`, { maxResponseBytes: 50_000 }), node('done', 'end')], [edge('start', 'fetch'), edge('fetch', 'done')]));
    expect(own.run.error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', nodeId: 'fetch' });

    // A failure keeps its own error; its oversized details are stored as a summary.
    const failed = await runToEnd(app, doc('failing http', [node('start', 'manualTrigger'), httpNode('fetch', `${base}/big?n=100000&status=500`), node('done', 'end')], [edge('start', 'fetch'), edge('fetch', 'done')]));
    expect(failed.run.error).toMatchObject({ code: 'HTTP_500', nodeId: 'fetch' });
    expect((await app.runs.attempts(failed.runId, 'fetch#1'))[0]).toMatchObject({ status: 'failed', output: { omitted: true, limit: LIMITS.stepDataBytes }, error: { code: 'HTTP_500' } });

    const fits = await runToEnd(app, doc('small http', [node('start', 'manualTrigger'), httpNode('fetch', `${base}/big?n=1000`), node('done', 'end', { output: '$length($steps.fetch.output.body)' })], [edge('start', 'fetch'), edge('fetch', 'done')]));
    expect(fits.run.output).toBe(1000);
  });

  it('fails a for-each whose collected results outgrow the limit, and refuses a decision whose data is over it', async () => {
    const body = await publish(app, doc('item body', [node('start', 'manualTrigger'), node('e', 'end', { output: '$pad("", 20000, "y")' })], [edge('start', 'e')]));
    const { run } = await runToEnd(
      app,
      doc('map', [node('start', 'manualTrigger'), labelled('each', 'forEach', 'Each item', { items: '[1, 2, 3, 4, 5]', workflowId: body, concurrency: 1 }), node('done', 'end')], [edge('start', 'each'), edge('each', 'done')]),
    );
    expect(run.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', nodeId: 'each' });
    expect(message(run)).toMatch(/"Each item" \(each\): the step's output \(the results of 4 of 5 items so far\)/);

    const wf = await publish(
      app,
      doc(
        'decide',
        [node('start', 'manualTrigger'), node('review', 'userTask', { title: 'x', formFields: [{ name: 'note', label: 'Note', type: 'textarea', required: false, options: '' }], outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')],
        [edge('start', 'review'), edge('review', 'done', 'ok')],
      ),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    await expect(app.tasks.complete(task.id, { outcome: 'ok', data: { note: 'z'.repeat(70_000) }, by: 'sam' })).rejects.toMatchObject({
      kind: 'invalid',
      issues: [{ path: ['data'], code: 'OUTPUT_TOO_LARGE' }],
    });
    expect((await app.tasks.get(task.id)).status).toBe('open');
    await app.tasks.complete(task.id, { outcome: 'ok', data: { note: 'fine' }, by: 'sam' });
    expect((await waitFor(() => ended(app, runId))).status).toBe('succeeded');
  });
});

describe('run variables limit', () => {
  it('fails the Transform whose assignTo would take the run’s variables past the limit, naming the node and variable; replacing a variable does not add up', async () => {
    // Each output is 50,002 characters of JSON: within the step limit; three distinct variables are not.
    const assign = (id: string, to: string) => labelled(id, 'transform', `Keep ${to}`, { expression: '$pad("", 50000, "x")', assignTo: to });
    const { runId, run } = await runToEnd(
      app,
      doc(
        'many vars',
        [node('start', 'manualTrigger'), assign('a', 'first'), assign('b', 'first'), assign('c', 'second'), assign('d', 'third'), node('done', 'end')],
        [edge('start', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('d', 'done')],
      ),
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'OUTPUT_TOO_LARGE', nodeId: 'd', stepId: 'd#1' });
    expect(message(run)).toMatch(/^"Keep third" \(d\): storing \$vars\.third would make the run's variables 150,0\d\d characters of JSON, over the limit of 131,072 \(BATON_RUN_VARS_MAX_BYTES\)$/);
    expect(run.steps.filter((s) => s.status === 'succeeded').map((s) => s.stepId)).toEqual(['start#1', 'a#1', 'b#1', 'c#1']);
    const state = JSON.parse((app.handle.sqlite.prepare('SELECT state FROM runs WHERE id = ?').get(runId) as { state: string }).state) as { vars: Record<string, string> };
    expect(Object.keys(state.vars).sort()).toEqual(['first', 'second']);
  });
});

describe('per-run quotas', () => {
  /** start → work → check → (again) work …: an inline back-edge loop that never ends. */
  const loop = (maxIterations: number, work = '1') => ({
    ...doc('loop', [node('start', 'manualTrigger'), transform('work', work), node('check', 'exclusiveGateway', { branches: [{ id: 'again', label: 'again', condition: 'true' }] }), node('done', 'end')], [
      edge('start', 'work'),
      edge('work', 'check'),
      edge('check', 'work', 'again'),
      edge('check', 'done', 'default'),
    ]),
    settings: { maxIterations },
  });

  it('stops an inline loop at the step quota within one batch, with bounded rows', async () => {
    const a = createApp(path.join(dir, 'steps.db'), { seed: false, limits: { ...LIMITS, runSteps: 500 } });
    a.runner.start();
    try {
      const { runId, run } = await runToEnd(a, loop(10_000));
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'RUN_QUOTA' });
      expect(message(run)).toMatch(/^Run quota of steps reached: the run activated 501 steps, more than the 500 one run may \(BATON_RUN_MAX_STEPS\); it was stopped at step (work|check)#\d+ of "(work|check)"$/);
      const rows = rowCounts(a, runId);
      expect(rows.steps).toBe(501);
      expect(rows.bytes).toBeLessThan(1024 * 1024);
      expect(a.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?').get(runId)).toEqual({ n: 0 });
    } finally {
      await a.runner.stop();
      a.handle.sqlite.close();
    }
  });

  it('stops a loop at the byte quota', async () => {
    const a = createApp(path.join(dir, 'bytes.db'), { seed: false, limits: { ...LIMITS, runBytes: 1024 * 1024 } });
    a.runner.start();
    try {
      const { runId, run } = await runToEnd(a, loop(10_000, '$pad("", 10000, "b")'));
      expect(run.error).toMatchObject({ code: 'RUN_QUOTA' });
      expect(message(run)).toMatch(/^Run quota of stored bytes reached: the run stored about [\d,]+ bytes, more than the 1,048,576 one run may \(BATON_RUN_MAX_BYTES\)/);
      const rows = rowCounts(a, runId);
      expect(rows.bytes).toBeGreaterThan(900 * 1024);
      expect(rows.bytes).toBeLessThan(1024 * 1024 + 64 * 1024);
    } finally {
      await a.runner.stop();
      a.handle.sqlite.close();
    }
  });

  it('counts across batches and restarts (the count is stored with the run state)', async () => {
    const file = path.join(dir, 'restart.db');
    const d = doc(
      'review loop',
      [node('start', 'manualTrigger'), transform('work', '1'), node('review', 'userTask', { title: 'again?', outcomes: [{ id: 'again', label: 'Again' }, { id: 'stop', label: 'Stop' }] }), node('done', 'end')],
      [edge('start', 'work'), edge('work', 'review'), edge('review', 'work', 'again'), edge('review', 'done', 'stop')],
    );
    const open = () => {
      const a = createApp(file, { seed: false, limits: { ...LIMITS, runSteps: 6 } });
      a.runner.start();
      return a;
    };
    const close = async (a: App) => {
      await a.runner.stop();
      a.handle.sqlite.close();
    };
    let a = open();
    const wf = await publish(a, d);
    const { runId } = await a.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const decide = async (n: number) => {
      const task = await waitFor(async () => (await a.tasks.list({ status: 'open', runId })).find((x) => x.stepId === `review#${n}`));
      await a.tasks.complete(task.id, { outcome: 'again', by: 'sam' });
    };
    await decide(1); // start, work#1, review#1 → work#2, review#2: 5 steps
    await waitFor(async () => (await a.tasks.list({ status: 'open', runId }))[0]);
    await close(a);
    a = open();
    try {
      await decide(2); // work#3 (6), review#3 (7 > 6)
      const run = await waitFor(() => ended(a, runId));
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'RUN_QUOTA', nodeId: 'review', stepId: 'review#3' });
      expect((await a.tasks.list({ runId })).filter((x) => x.status === 'open')).toEqual([]);
    } finally {
      await close(a);
    }
  });

  it('holds for a whole tree of runs: a for-each whose item runs add up past the step quota fails the parent, and stops starting items', async () => {
    const a = createApp(path.join(dir, 'children.db'), { seed: false, limits: { ...LIMITS, runSteps: 100 } });
    a.runner.start();
    try {
      // Each item run activates 5 steps (start, a, b, c, end): 200 items would be 1,000 steps.
      const body = await publish(
        a,
        doc('item body', [node('start', 'manualTrigger'), transform('a', '1'), transform('b', '2'), transform('c', '3'), node('e', 'end')], [edge('start', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'e')]),
      );
      const map = (items: string) =>
        doc('map', [node('start', 'manualTrigger'), labelled('each', 'forEach', 'Each item', { items, workflowId: body, concurrency: 4 }), node('done', 'end')], [edge('start', 'each'), edge('each', 'done')]);
      const q = (sql: string, ...args: unknown[]) => (a.handle.sqlite.prepare(sql).get(...args) as { n: number }).n;
      const childSteps = (runId: string) => q('SELECT COUNT(*) AS n FROM steps WHERE run_id IN (SELECT id FROM runs WHERE parent_run_id = ?)', runId);

      const { runId, run } = await runToEnd(a, map('[1..200]'));
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'RUN_QUOTA', nodeId: 'each', stepId: 'each#1' });
      expect(message(run)).toMatch(
        /^Run quota of steps reached: the run activated 10\d steps \((9\d|10\d) of them in its child runs\), more than the 100 one run with its child runs may \(BATON_RUN_MAX_STEPS\); it was stopped at step each#1 of "Each item" \(each\)$/,
      );
      // Items in flight when the parent failed are cancelled; none starts after. (The runner
      // first works off the jobs the failure queued: hand-offs, cancels, starts it refuses.)
      await waitFor(() => q('SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?', runId) === 0 || undefined, 20_000);
      await waitFor(() => q("SELECT COUNT(*) AS n FROM runs WHERE parent_run_id = ? AND status IN ('running', 'waiting')", runId) === 0 || undefined, 20_000);
      expect(q('SELECT COUNT(*) AS n FROM runs WHERE parent_run_id = ?', runId)).toBeLessThanOrEqual(20 + 4);
      expect(childSteps(runId)).toBeLessThanOrEqual(100 + 4 * 5);
      expect(q('SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?', runId)).toBe(0);

      // Within the quota: 10 items × 5 steps + the parent's 3.
      const ok = await runToEnd(a, map('[1..10]'));
      expect(ok.run.status).toBe('succeeded');
      expect(childSteps(ok.runId)).toBe(50);

      // Grandchildren count too: each item calls the body as a sub-workflow (3 + 5 steps); 30 items would be 240.
      const wrapper = await publish(a, doc('wrapper', [node('start', 'manualTrigger'), node('call', 'subWorkflow', { workflowId: body, input: '{}' }), node('e', 'end')], [edge('start', 'call'), edge('call', 'e')]));
      const nested = await runToEnd(
        a,
        doc('nested', [node('start', 'manualTrigger'), labelled('each', 'forEach', 'Each item', { items: '[1..30]', workflowId: wrapper, concurrency: 2 }), node('done', 'end')], [edge('start', 'each'), edge('each', 'done')]),
      );
      expect(nested.run.error).toMatchObject({ code: 'RUN_QUOTA', nodeId: 'each' });
      expect(q('SELECT COUNT(*) AS n FROM runs WHERE parent_run_id = ?', nested.runId)).toBeLessThanOrEqual(13 + 2);
    } finally {
      await a.runner.stop();
      a.handle.sqlite.close();
    }
  });

  it('reads its quotas from the environment, refusing values that are not whole numbers ≥ 1', () => {
    expect(runLimitsFromEnv({})).toEqual({ stepDataBytes: 4 * 1024 * 1024, runSteps: 10_000, runBytes: 256 * 1024 * 1024, runVarsBytes: 8 * 1024 * 1024, runDepth: 10 });
    expect(runLimitsFromEnv({ BATON_RUN_MAX_STEPS: '500', BATON_STEP_DATA_MAX_BYTES: ' 1024 ' })).toMatchObject({ runSteps: 500, stepDataBytes: 1024 });
    expect(() => runLimitsFromEnv({ BATON_RUN_MAX_BYTES: '1e3x' })).toThrow(/BATON_RUN_MAX_BYTES must be a whole number/);
    expect(() => runLimitsFromEnv({ BATON_RUN_MAX_STEPS: '0' })).toThrow(/BATON_RUN_MAX_STEPS/);
  });
});

describe('loop guard', () => {
  it('names the node and its last step in MAX_ITERATIONS', async () => {
    const d = doc('guarded', [node('start', 'manualTrigger'), transform('work', '1'), node('check', 'exclusiveGateway', { branches: [{ id: 'again', label: 'again', condition: 'true' }] }), node('done', 'end')], [
      edge('start', 'work'),
      edge('work', 'check'),
      edge('check', 'work', 'again'),
      edge('check', 'done', 'default'),
    ]);
    const { run } = await runToEnd(app, { ...d, settings: { maxIterations: 3 } });
    expect(run.error).toMatchObject({ code: 'MAX_ITERATIONS', nodeId: 'work', stepId: 'work#3' });
    expect(run.steps.map((s) => s.stepId)).toContain('work#3');
  });

  it('refuses maxIterations above 10000 at save and publish; a stored version above it runs clamped', async () => {
    const d = doc('too many', [node('start', 'manualTrigger'), node('done', 'end')], [edge('start', 'done')]);
    // Saving through the API (REST and tRPC parse the document with the same schema).
    expect(() => documentFromBody({ ...d, settings: { maxIterations: 20_000 } })).toThrow(/settings\.maxIterations: Max iterations must be at most 10000/);
    const id = await app.workflows.create(d, 'system');
    // A draft and a version stored before the bound existed.
    const stored = JSON.stringify({ ...d, settings: { maxIterations: 1_000_000 } });
    app.handle.sqlite.prepare('UPDATE workflows SET draft = ? WHERE id = ?').run(stored, id);
    let err: unknown;
    try {
      await app.workflows.publish(id, 'test');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ kind: 'invalid', issues: [{ path: ['settings', 'maxIterations'], message: 'Max iterations must be at most 10000' }] });
    app.handle.sqlite.prepare('INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by) VALUES (?, 1, ?, 0, ?)').run(id, stored, 'test');
    app.handle.sqlite.prepare('UPDATE workflows SET latest_version = 1 WHERE id = ?').run(id);
    expect((await app.runner.definitions.get(id, 1)).compiled.maxIterations).toBe(10_000);
    const { runId } = await app.runs.start({ workflowId: id, input: {}, startedBy: 'test' });
    expect((await waitFor(() => ended(app, runId))).status).toBe('succeeded');
  });
});

describe('nesting depth of child runs', () => {
  it('a workflow that calls itself stops BATON_RUN_MAX_DEPTH levels below its root, naming the limit', async () => {
    const id = await app.workflows.create(doc('recursive', [node('start', 'manualTrigger'), node('e', 'end')], [edge('start', 'e')]), 'system');
    // Now make it call itself, then publish: every run starts a child run of the same workflow.
    const self = doc('recursive', [node('start', 'manualTrigger'), node('again', 'subWorkflow', { workflowId: id, input: '{}' }), node('e', 'end')], [edge('start', 'again'), edge('again', 'e')]);
    await app.workflows.saveDraft(id, self, undefined, 'system');
    await app.workflows.publish(id, 'system');
    const { runId } = await app.runs.start({ workflowId: id, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId), 20_000);
    expect(run.status).toBe('failed');
    // The whole tree: the root and 10 levels of children, no more.
    const tree = (app.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM runs WHERE id = ? OR id LIKE ?').get(runId, `${runId}.%`) as { n: number }).n;
    expect(tree).toBe(11);
    // The deepest run (10 levels down) is the one whose child was refused (CHILD_NOT_STARTED,
    // reported to it as a failed child); every level above fails in turn.
    const deepest = app.handle.sqlite.prepare('SELECT error FROM runs WHERE id = ? OR id LIKE ? ORDER BY LENGTH(id) DESC LIMIT 1').all(runId, `${runId}.%`) as { error: string }[];
    expect(deepest.length).toBeGreaterThan(0);
    expect(JSON.parse(deepest[0].error)).toMatchObject({ code: 'CHILD_FAILED', nodeId: 'again' });
    expect(JSON.parse(deepest[0].error).message).toMatch(/11 levels below its root run, more than the 10 allowed \(BATON_RUN_MAX_DEPTH\)/);
    expect((app.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n).toBe(0);
  });
});
