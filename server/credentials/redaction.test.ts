/**
 * Credentials end to end: real runs on a real SQLite file against a real HTTP server
 * on 127.0.0.1. The secrets must reach the server and never the database rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteApp as App } from '../app';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';
import { startChatServer } from '@/tests/helpers/chat-server';

let t: TestApp;
let app: App;
let server: Awaited<ReturnType<typeof startServer>>;

const TOKEN = 'tok-SECRET-4242-zz';
const ROTATED = 'tok-ROTATED-9999-yy';
const PASSWORD = 'pw-Hidden-777';

beforeAll(async () => {
  t = openTestApp('cred-redaction');
  app = t.app;
  // The servers below are local services on 127.0.0.1, which the outbound guard refuses unless opened on purpose.
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
  server = await startServer((req, res) => {
    const auth = String(req.headers.authorization ?? '');
    if (req.url.startsWith('/deny')) return sendJson(res, 401, { error: `token ${auth} is not valid` });
    // Echo the credential back in the body and a header, as some services do.
    sendJson(res, 200, { youSent: auth, nested: [{ again: `x${auth}x` }] }, { 'x-echo-auth': auth });
  });
});

afterAll(async () => {
  await t.close();
  await server.close();
  delete process.env.BATON_HTTP_ALLOW;
});

async function runToEnd(workflowId: string) {
  const { runId } = await app.runs.start({ workflowId, input: {}, startedBy: 'test' });
  return waitFor(() => ended(app, runId));
}

/** Every text cell of the tables a run writes, as one string. */
function everyRunRow(): string {
  const tables = ['runs', 'steps', 'attempts', 'run_events', 'jobs', 'tasks'];
  return tables.map((tb) => JSON.stringify(t.app.handle.sqlite.prepare(`SELECT * FROM ${tb}`).all())).join('\n');
}

describe('credentials in runs', () => {
  it('authenticates with the stored secret and redacts it from every run record', async () => {
    const bearer = await app.credentials.create({ name: 'Billing API', type: 'bearer', data: { token: TOKEN } }, 'system');
    const basic = await app.credentials.create({ name: 'Legacy', type: 'basic', data: { username: 'svc', password: PASSWORD } }, 'system');
    const wf = await publish(
      app,
      doc(
        'auth',
        [
          node('start', 'manualTrigger'),
          node('call', 'http', { url: `${server.url}/echo`, credentialId: bearer.id }),
          node('legacy', 'http', { url: `${server.url}/echo`, credentialId: basic.id }),
          node('denied', 'http', { url: `${server.url}/deny`, credentialId: bearer.id }),
          node('done', 'end', { output: '{ "call": $steps.call.output, "legacy": $steps.legacy.output.body.youSent, "denied": $steps.denied.error }' }),
          node('unexpected', 'end'),
        ],
        [edge('start', 'call'), edge('call', 'legacy'), edge('legacy', 'denied'), edge('denied', 'done', 'error'), edge('denied', 'unexpected')],
      ),
    );
    const run = await runToEnd(wf);
    expect(run.status).toBe('succeeded');

    // The server received the real secrets.
    expect(server.seen.map((s) => s.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Basic ${Buffer.from(`svc:${PASSWORD}`).toString('base64')}`, `Bearer ${TOKEN}`]);

    // What the run recorded shows the mask instead.
    const out = run.output as { call: { body: unknown; headers: Record<string, string> }; legacy: string; denied: { message: string } };
    expect(out.call.body).toEqual({ youSent: 'Bearer ••••', nested: [{ again: 'xBearer ••••x' }] });
    expect(out.call.headers['x-echo-auth']).toBe('Bearer ••••');
    expect(out.legacy).toBe('Basic ••••');
    expect(out.denied.message).toContain('HTTP 401');
    const attempts = await app.runs.attempts(run.id, 'denied#1');
    expect(JSON.stringify(attempts)).toContain('token Bearer •••• is not valid');
    expect(JSON.stringify(await app.runs.attempts(run.id, 'call#1'))).toContain('"Authorization":"Bearer ••••"');

    // And no row of the database holds a secret, in any form.
    const rows = everyRunRow();
    expect(rows).toContain('••••');
    for (const secret of [TOKEN, PASSWORD, Buffer.from(`svc:${PASSWORD}`).toString('base64')]) expect(rows).not.toContain(secret);
    expect(JSON.stringify(t.app.handle.sqlite.prepare('SELECT * FROM credentials').all())).not.toContain(TOKEN);
  });

  it('rotation reaches every referencing node without republishing', async () => {
    const cred = await app.credentials.create({ name: 'Rotating', type: 'bearer', data: { token: TOKEN } }, 'system');
    const wf = await publish(app, doc('rotate', [node('start', 'manualTrigger'), node('call', 'http', { url: `${server.url}/echo`, credentialId: cred.id }), node('done', 'end')], [edge('start', 'call'), edge('call', 'done')]));
    await runToEnd(wf);
    await app.credentials.update(cred.id, { data: { token: ROTATED } }, 'system');
    const run = await runToEnd(wf);
    expect(run.status).toBe('succeeded');
    expect(server.seen.at(-1)!.headers.authorization).toBe(`Bearer ${ROTATED}`);
    const rows = everyRunRow();
    expect(rows).not.toContain(ROTATED);
    await expect(app.credentials.delete(cred.id, 'system')).rejects.toThrow(/it is used by workflow "rotate" \(draft, node call\); workflow "rotate" \(version 1, node call\)/);
  });

  it('an AI step retries a rate limit under its retry policy; its API key is never stored', async () => {
    const KEY = 'sk-live-Q1W2E3R4T5';
    const chat = await startChatServer({ apiKey: KEY });
    try {
      const cred = await app.credentials.create({ name: 'LLM', type: 'openai', data: { apiKey: KEY } }, 'system');
      const ai = (id: string, model: string) =>
        node(id, 'aiStep', { baseUrl: chat.baseUrl, model, credentialId: cred.id, userPrompt: 'Summarise {{ $input.text }}', retry: { maxAttempts: 3, initialIntervalMs: 10, maxIntervalMs: 50, backoffFactor: 2, jitter: 0 } });
      const wf = await publish(
        app,
        doc('ai', [node('start', 'manualTrigger'), ai('summary', 'busy-2'), node('done', 'end', { output: '$steps.summary.output.content' })], [edge('start', 'summary'), edge('summary', 'done')]),
      );
      const { runId } = await app.runs.start({ workflowId: wf, input: { text: 'the invoice' }, startedBy: 'test' });
      const run = await waitFor(() => ended(app, runId));
      expect(run.status).toBe('succeeded');
      expect(run.output).toBe('Summarise the invoice');
      expect((await app.runs.attempts(runId, 'summary#1')).map((a) => [a.status, (a.error as { code?: string } | null)?.code ?? null])).toEqual([
        ['failed', 'HTTP_429'],
        ['failed', 'HTTP_429'],
        ['succeeded', null],
      ]);
      expect(chat.seen.every((s) => s.headers.authorization === `Bearer ${KEY}`)).toBe(true);
      expect(everyRunRow()).not.toContain(KEY);
    } finally {
      await chat.close();
    }
  });

  it('fails the step clearly when the credential is gone', async () => {
    const wf = await publish(app, doc('gone', [node('start', 'manualTrigger'), node('call', 'http', { url: `${server.url}/echo`, credentialId: 'cred_doesnotexist' }), node('done', 'end')], [edge('start', 'call'), edge('call', 'done')]));
    const run = await runToEnd(wf);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'CREDENTIAL_NOT_FOUND', nodeId: 'call', retryable: false });
  });
});
