/**
 * Webhook triggers cannot be replayed, and `Idempotency-Key` makes retries safe:
 * black-box against the real built server (`next start`) over HTTP, with the runs
 * counted straight in its SQLite file.
 *
 * - a signed request (timestamp + HMAC of "<timestamp>.<body>") starts one run; sending
 *   the same bytes and headers again is refused (409) and starts nothing;
 * - a timestamp outside the 5-minute window, or none (the old body-only signature), is a 401;
 * - a repeat of an Idempotency-Key answers with the first run's id (also 5 at once, also
 *   after a restart, also the first run's result for "wait for result"); the key with
 *   another body is a 422.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { startServer, type TestServer } from './helpers/server';
import { peopleKeys, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';
import { newWebhookToken } from '@/lib/nodes/webhook-trigger/definition';
import { signWebhook } from '@/lib/nodes/send-webhook/sign';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
const SECRET = 'whsec-replay-test-1';

let server: TestServer;
/** The first server, which made the temp folder of the database file. */
let first: TestServer | undefined;
let admin: Person;
let credentialId: string;

async function rest(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...admin.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as any;
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Publishes a workflow whose trigger is a webhook with `config`; returns its id and URL. */
async function publishHook(config: Record<string, unknown> = {}) {
  const token = newWebhookToken();
  const d = doc(`Hook ${token.slice(0, 6)}`, [node('hook', 'webhookTrigger', { token, ...config }), node('done', 'end', { output: '{ "order": $input.order }' })], [edge('hook', 'done')]);
  const { id } = await rest('POST', '/api/v1/workflows', d);
  await rest('POST', `/api/v1/workflows/${id}/publish`, {});
  return { id, url: `${server.baseUrl}/api/hooks/${token}` };
}

/** Runs of a workflow, counted in the server's database file. */
function runCount(workflowId: string): number {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM runs WHERE workflow_id = ?`).get(workflowId) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const nowS = () => Math.floor(Date.now() / 1000);

/** Signature headers for `body` sent at `timestamp` (Unix seconds). */
function signed(body: string, timestamp = nowS(), secret = SECRET): Record<string, string> {
  return { 'X-Baton-Timestamp': String(timestamp), 'X-Baton-Signature': signWebhook(secret, timestamp, body) };
}

const issueCodes = (r: { body: any }) => (r.body.error?.issues ?? []).map((i: { code?: string }) => i.code);

describe.skipIf(SKIP)('webhook replay and idempotency (real server)', () => {
  beforeAll(async () => {
    server = first = await startServer();
    admin = (await peopleKeys(server)).admin;
    credentialId = (await rest('POST', '/api/v1/credentials', { name: 'Shop signing secret', type: 'hmac', data: { header: 'X-Baton-Signature', secret: SECRET } })).id;
  });

  afterAll(async () => {
    await server?.stop();
    first?.removeDb();
  });

  it('refuses a replayed signed request: the same body and signature sent three times start one run', async () => {
    const { id, url } = await publishHook({ verifySignature: true, secretCredential: credentialId });
    const body = JSON.stringify({ order: 'A-1001' });
    const headers = signed(body);
    const first = await post(url, body, headers);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    for (const _ of [1, 2]) {
      const again = await post(url, body, headers);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('conflict');
      expect(again.body.error.message).toContain(first.body.runId);
      expect(issueCodes(again)).toEqual(['SIGNATURE_REPLAYED']);
    }
    // Three replayed at once: none starts a run.
    const burst = await Promise.all([1, 2, 3].map(() => post(url, body, headers)));
    expect(burst.map((r) => r.status)).toEqual([409, 409, 409]);
    expect(runCount(id)).toBe(1);
    // The same event signed anew (a new delivery) is accepted.
    const resent = await post(url, body, signed(body, nowS() + 1));
    expect(resent.status).toBe(202);
    expect(runCount(id)).toBe(2);
  });

  it('refuses timestamps outside the 5-minute window, missing ones and body-only signatures with 401', async () => {
    const { id, url } = await publishHook({ verifySignature: true, secretCredential: credentialId });
    const body = JSON.stringify({ order: 'A-2002' });
    const stale = await post(url, body, signed(body, nowS() - 301));
    expect(stale.status).toBe(401);
    expect(stale.body.error.code).toBe('unauthorized');
    expect(stale.body.error.message).toMatch(/X-Baton-Timestamp is 30\d s old; at most 300 s/);
    expect(stale.body.error.issues).toEqual([{ path: ['headers', 'x-baton-timestamp'], message: expect.any(String), code: 'TIMESTAMP_OUTSIDE_WINDOW' }]);
    const future = await post(url, body, signed(body, nowS() + 400));
    expect(future.status).toBe(401);
    expect(future.body.error.message).toMatch(/in the future/);
    // The scheme accepted before: HMAC of the body alone, no timestamp.
    const legacy = await post(url, body, { 'X-Baton-Signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` });
    expect(legacy.status).toBe(401);
    expect(issueCodes(legacy)).toEqual(['TIMESTAMP_MISSING']);
    const notSeconds = await post(url, body, { ...signed(body), 'X-Baton-Timestamp': '2026-12-04T10:00:00Z' });
    expect(issueCodes(notSeconds)).toEqual(['TIMESTAMP_INVALID']);
    // A timestamp the signature was not made for.
    const moved = await post(url, body, { ...signed(body, nowS() - 10), 'X-Baton-Timestamp': String(nowS()) });
    expect(moved.status).toBe(401);
    expect(issueCodes(moved)).toEqual(['SIGNATURE_MISMATCH']);
    expect(runCount(id)).toBe(0);
    // Inside the window (either way) is accepted.
    expect((await post(url, body, signed(body, nowS() - 240))).status).toBe(202);
    expect((await post(url, body, signed(body, nowS() + 240))).status).toBe(202);
    expect(runCount(id)).toBe(2);
  });

  it('answers a repeated Idempotency-Key with the first run, also for 5 repeats at once and a re-signed retry', async () => {
    const { id, url } = await publishHook();
    const body = JSON.stringify({ order: 'A-3003' });
    const first = await post(url, body, { 'Idempotency-Key': 'order-A-3003' });
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post(url, body, { 'Idempotency-Key': 'order-A-3003', 'x-request-id': 'retry-1' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.body.statusUrl);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(runCount(id)).toBe(1);

    // Five concurrent requests with a new key: one run, one id.
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => post(url, body, { 'Idempotency-Key': 'order-A-3003-b' })));
    expect(five.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(five.map((r) => r.body.runId)).size).toBe(1);
    expect(five[0].body.runId).not.toBe(first.body.runId);
    expect(five.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(runCount(id)).toBe(2);

    // A signed trigger: a retry signed anew with the same key gets the first run too.
    const hook = await publishHook({ verifySignature: true, secretCredential: credentialId });
    const a = await post(hook.url, body, { ...signed(body, nowS() - 5), 'Idempotency-Key': 'k-1' });
    const b = await post(hook.url, body, { ...signed(body), 'Idempotency-Key': 'k-1' });
    expect(a.status).toBe(202);
    expect(b.body.runId).toBe(a.body.runId);
    // A replay of the signed request with another key is still a replay.
    const c = await post(hook.url, body, { ...signed(body, nowS() - 5), 'Idempotency-Key': 'k-2' });
    expect(c.status).toBe(409);
    expect(runCount(hook.id)).toBe(1);
  });

  it('refuses a key reused with a different body (422) or query, and a malformed key (400), starting nothing', async () => {
    const { id, url } = await publishHook();
    const first = await post(url, JSON.stringify({ order: 'A-4004' }), { 'Idempotency-Key': 'order-4004' });
    expect(first.status).toBe(202);
    const other = await post(url, JSON.stringify({ order: 'B-9999' }), { 'Idempotency-Key': 'order-4004' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('invalid');
    expect(issueCodes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(other.body.error.message).toContain(first.body.runId);
    const query = await post(`${url}?source=other`, JSON.stringify({ order: 'A-4004' }), { 'Idempotency-Key': 'order-4004' });
    expect(query.status).toBe(422);
    // Concurrent first uses with different bodies: one run, the others refused.
    const race = await Promise.all(['X', 'Y', 'Z'].map((o) => post(url, JSON.stringify({ order: o }), { 'Idempotency-Key': 'order-race' })));
    expect(race.map((r) => r.status).sort()).toEqual([202, 422, 422]);
    const long = await post(url, '{}', { 'Idempotency-Key': 'k'.repeat(256) });
    expect(long.status).toBe(400);
    expect(issueCodes(long)).toEqual(['IDEMPOTENCY_KEY_INVALID']);
    expect(runCount(id)).toBe(2);
  });

  it('answers a "wait for result" repeat with the first run’s result, and keeps keys across a restart', async () => {
    const { id, url } = await publishHook({ respond: 'result', waitTimeoutMs: 5000 });
    const body = JSON.stringify({ order: 'A-5005' });
    const first = await post(url, body, { 'Idempotency-Key': 'result-5005' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ runId: expect.any(String), status: 'succeeded', output: { order: 'A-5005' }, error: null });
    const again = await post(url, body, { 'Idempotency-Key': 'result-5005' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    await server.stop();
    server = await startServer({ dbFile: server.dbFile });
    const afterRestart = await post(url.replace(/^http:\/\/127\.0\.0\.1:\d+/, server.baseUrl), body, { 'Idempotency-Key': 'result-5005' });
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body.runId).toBe(first.body.runId);
    expect(runCount(id)).toBe(1);
  });
});
