/**
 * The seeded support agent example, end to end on a real SQLite file: seeding publishes
 * its two tools first and names them in the agent; the offline demo model
 * (`lib/templates/demo-agent.ts`, served like Baton's `/api/demo/*` by a local server on
 * 127.0.0.1) looks the order up, proposes a refund that waits for approval, and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SqliteApp } from '../app';
import { ended } from '@/tests/helpers/app';
import { sendJson, startServer } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { demoAgentTurn } from '@/lib/templates/demo-agent';
import { showcaseEndpoint } from '../demo/showcase';

let app: SqliteApp;
let dir: string;
let demo: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  demo = await startServer((req, res) => {
    const route = req.url.replace(/^\/api\/demo\//, '').split('/');
    if (route.join('/') === 'agent/chat/completions') return sendJson(res, 200, demoAgentTurn(JSON.parse(req.body) as Record<string, unknown>));
    void showcaseEndpoint(route, async () => JSON.parse(req.body || '{}') as Record<string, unknown>, async () => undefined, 0).then(async (r) => {
      if (!r) return sendJson(res, 404, { error: 'not found' });
      sendJson(res, r.status, await r.json());
    });
  });
  process.env.BATON_BASE_URL = demo.url;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-agent-example-'));
  app = createApp(path.join(dir, 'example.db'));
  await app.seeded;
  app.runner.start();
});

afterAll(async () => {
  delete process.env.BATON_BASE_URL;
  await app.runner.stop();
  app.handle.sqlite.close();
  await demo.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the seeded support agent', () => {
  it('looks the order up, waits for approval of the refund, then answers the customer', async () => {
    const list = await app.workflows.list();
    const agent = list.find((w) => w.name === 'Support agent (demo)')!;
    expect(agent).toBeDefined();
    expect(list.map((w) => w.name)).toEqual(expect.arrayContaining(['Tool: look up order', 'Tool: issue refund']));
    const { runId } = await app.runs.start({ workflowId: agent.id, input: { message: 'My order A-1042 never arrived. Can I get my money back?' }, startedBy: 'dana' });
    const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    expect(task.context).toMatchObject({ tool: 'issue_refund', arguments: { orderId: 'A-1042', amount: 89 } });
    await app.tasks.complete(task.id, { outcome: 'approve', data: {}, by: 'priya' });
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ reply: expect.stringMatching(/^I am sorry your order A-1042 was lost in transit\. We refunded 89 EUR \(refund RF-\d{6}\)/) });
    expect((run.output as { tokens: number }).tokens).toBeGreaterThan(0);
  });
});
