/**
 * Webhook intake over real HTTP: a real server on 127.0.0.1 whose requests go to
 * `handleWebhook` (the handler behind `/api/hooks/<token>`) of an app on a real
 * SQLite file with its runner started. After every refused request, the runs table
 * is checked: no run was started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openTestApp, type TestApp } from '@/tests/helpers/app';
import { doc, edge, node } from '@/tests/helpers/docs';
import { handleWebhook } from './webhook';
import { signWebhook } from '@/lib/nodes/send-webhook/sign';
import { newWebhookToken } from '@/lib/nodes/webhook-trigger/definition';
import type { App } from '../app';
import { ReceiptHeld } from '../storage/trigger-errors';

let t: TestApp;
let app: App;
let server: http.Server;
let base: string;

beforeAll(async () => {
  t = openTestApp('webhook');
  app = t.app;
  // A plain Node server handing each request to the webhook handler as a fetch Request.
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = `http://127.0.0.1${req.url}`;
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const body = chunks.length && req.method !== "GET" ? new Uint8Array(Buffer.concat(chunks)) : undefined;
    const token = new URL(url).pathname.split('/').pop() ?? '';
    const r = await handleWebhook(app, token, new Request(url, { method: req.method, headers, body }));
    res.writeHead(r.status, Object.fromEntries(r.headers));
    res.end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

function webhookDoc(config: Record<string, unknown>, rest: 'end' | 'wait' = 'end') {
  const token = newWebhookToken();
  if (rest === 'wait')
    return {
      token,
      doc: doc('Hook', [node('hook', 'webhookTrigger', { token, ...config }), node('pause', 'wait', { mode: 'milliseconds', milliseconds: 60_000 }), node('done', 'end')], [edge('hook', 'pause'), edge('pause', 'done')]),
    };
  const last = node('done', 'end', { output: '{ "greeting": "hello " & $input.name, "q": $input._webhook.query.source }' });
  return { token, doc: doc('Hook', [node('hook', 'webhookTrigger', { token, ...config }), last], [edge('hook', 'done')]) };
}

async function publishHook(config: Record<string, unknown> = {}, rest: 'end' | 'wait' = 'end') {
  const { token, doc: d } = webhookDoc(config, rest);
  const id = await app.workflows.create(d, 'system');
  await app.workflows.publish(id, 'test');
  return { id, token, url: `${base}/api/hooks/${token}` };
}

const runCount = async (workflowId: string) => (await app.runs.list({ workflowId })).length;

/** Headers of a request signed now: `X-Baton-Timestamp` and `<header>: sha256=<HMAC of "<timestamp>.<body>">`. */
function signed(body: string, secret: string, header = 'x-signature', timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { 'x-baton-timestamp': String(timestamp), [header]: signWebhook(secret, timestamp, body) };
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('webhook trigger', () => {
  it('starts a run with the body as input plus headers and query, answering 202 with the run id', async () => {
    const { id, url } = await publishHook();
    const r = await post(`${url}?source=crm`, JSON.stringify({ name: 'Ada' }), { authorization: 'Bearer secret', 'x-request-id': 'abc' });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ runId: expect.stringMatching(/^run_/), status: 'running', statusUrl: `/api/v1/runs/${r.body.runId}` });
    expect(r.headers.get('location')).toBe(r.body.statusUrl);
    const run = await app.runs.get(r.body.runId);
    expect(run).toMatchObject({ workflowId: id, trigger: 'webhook', startedBy: 'webhook' });
    const input = run.input as any;
    expect(input.name).toBe('Ada');
    expect(input._webhook.query).toEqual({ source: 'crm' });
    expect(input._webhook.headers['x-request-id']).toBe('abc');
    expect(input._webhook.headers.authorization).toBeUndefined();
  });

  it('answers 404 for an unknown token and 405 for GET, starting nothing', async () => {
    const { id, url } = await publishHook();
    expect((await post(`${base}/api/hooks/${newWebhookToken()}`, '{}')).status).toBe(404);
    expect((await post(`${base}/api/hooks/short`, '{}')).status).toBe(404);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await runCount(id)).toBe(0);
  });

  it('refuses a body over the limit (413), malformed JSON (400) and a non-object (422)', async () => {
    const { id, url } = await publishHook({ maxBodyBytes: 100 });
    const big = await post(url, JSON.stringify({ pad: 'x'.repeat(200) }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const bad = await post(url, '{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not valid JSON/);
    const arr = await post(url, '[1,2]');
    expect(arr.status).toBe(422);
    expect(arr.body.error.message).toMatch(/must be a JSON object/);
    expect(await runCount(id)).toBe(0);
    expect((await post(url, '')).status).toBe(202); // an empty body is an empty input
    expect(await runCount(id)).toBe(1);
  });

  it('checks the HMAC-SHA256 signature over the timestamp and the raw body: missing or wrong → 401 and no run', async () => {
    const cred = await app.credentials.create({ name: 'CRM signing secret', type: 'hmac', data: { secret: 's3cret' } }, 'system');
    const { id, url } = await publishHook({ verifySignature: true, secretCredential: cred.id, signatureHeader: 'X-Signature' });
    const body = '{ "name": "Ada" }';
    expect((await post(url, body)).status).toBe(401);
    const wrong = await post(url, body, signed(body, 'other'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    // Signed, then the body changed by one space: refused.
    expect((await post(url, body.replace(' ', '  '), signed(body, 's3cret'))).status).toBe(401);
    expect((await post(url, body, { ...signed(body, 's3cret'), 'x-signature': 'sha256=zz' })).status).toBe(401);
    expect(await runCount(id)).toBe(0);
    const ok = await post(url, body, signed(body, 's3cret'));
    expect(ok.status).toBe(202);
    expect(await runCount(id)).toBe(1);
    expect(((await app.runs.get(ok.body.runId)).input as any)._webhook.headers['x-signature']).toBeUndefined();
  });

  it('answers 500 and starts nothing when the signing secret is not configured', async () => {
    const { id, url } = await publishHook({ verifySignature: true, secretCredential: 'cred_missing' });
    const r = await post(url, '{}', signed('{}', 'x', 'x-baton-signature'));
    expect(r.status).toBe(500);
    expect(r.body.error.message).toMatch(/signing secret/);
    expect(await runCount(id)).toBe(0);
  });

  it('waits for the run and answers with its output when configured', async () => {
    const { url } = await publishHook({ respond: 'result', waitTimeoutMs: 5000 });
    const r = await post(`${url}?source=web`, JSON.stringify({ name: 'Ada' }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ runId: expect.any(String), status: 'succeeded', output: { greeting: 'hello Ada', q: 'web' }, error: null });
  });

  it('answers 202 with a status URL when the run outlasts the wait', async () => {
    const { url } = await publishHook({ respond: 'result', waitTimeoutMs: 300 }, 'wait');
    const started = Date.now();
    const r = await post(url, '{}');
    expect(r.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(r.body.statusUrl).toBe(`/api/v1/runs/${r.body.runId}`);
    expect((await app.runs.get(r.body.runId)).status).toBe('waiting');
  });

  it('five repeats of one Idempotency-Key sent at once start one run, each answered with it', async () => {
    const { id, url } = await publishHook();
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(url, '{"name":"once"}', { 'idempotency-key': 'order-77' })));
    const runIds = new Set(answers.map((a) => a.body.runId));
    expect(runIds.size).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await runCount(id)).toBe(1);
    // Past the fast path: two starts recording one key in the same moment; the second commit is refused with the receipt.
    const guard = app.webhookReceipts.guard({ workflowId: id, nodeId: 'hook' }, [{ kind: 'key', key: 'order-78', requestHash: 'h', expiresAt: Date.now() + 60_000 }]);
    const starts = await Promise.allSettled([0, 1].map(() => app.runs.start({ workflowId: id, input: {}, startedBy: 'webhook', trigger: 'webhook', guards: () => [guard] })));
    expect(starts.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const won = (starts.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ runId: string }>).value.runId;
    const refusal = (starts.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(ReceiptHeld);
    expect((refusal as ReceiptHeld).receipt.runId).toBe(won);
    expect(await runCount(id)).toBe(2);
  });

  it('stops listening when the trigger is replaced or the workflow deleted; a token cannot serve two workflows', async () => {
    const { id, url, token } = await publishHook();
    await app.workflows.saveDraft(id, doc('Manual', [node('start', 'manualTrigger'), node('done', 'end')], [edge('start', 'done')]), undefined, 'system');
    await app.workflows.publish(id, 'test');
    expect((await post(url, '{}')).status).toBe(404);

    const second = await publishHook();
    const copy = await app.workflows.create(webhookDoc({}).doc, 'system');
    const d = (await app.workflows.get(copy)).draft;
    (d.nodes[0].config as Record<string, unknown>).token = second.token;
    await app.workflows.saveDraft(copy, d, undefined, 'system');
    await expect(app.workflows.publish(copy, 'test')).rejects.toThrow(/already used by workflow "Hook"/);
    expect((await app.workflows.get(copy)).latestVersion).toBe(0); // the publish rolled back

    await app.workflows.delete(second.id, 'system');
    expect((await post(second.url, '{}')).status).toBe(404);
    expect(token).not.toBe(second.token);
  });
});
