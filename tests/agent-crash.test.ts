/**
 * The AI agent survives kill -9: the real server process (next start) runs an agent
 * against a scripted OpenAI-compatible server on 127.0.0.1 and is killed once during a
 * model call and once during a tool's child run, restarting on the same SQLite file each
 * time. The interrupted model call is repeated with the same idempotency key, a model
 * call whose answer was recorded is never repeated, the tool's child run continues under
 * the same id, and the run ends with the model's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { startHttpTarget } from './helpers/http-target';
import { ALLOW_LOOPBACK } from './helpers/http-server';
import { startChatServer } from './helpers/chat-server';
import { readRunLog } from './helpers/log';
import { doc, edge, http, node } from './helpers/docs';

let target: Awaited<ReturnType<typeof startHttpTarget>>;
let chat: Awaited<ReturnType<typeof startChatServer>>;
let dir: string;
const OPEN = { BATON_HTTP_ALLOW: ALLOW_LOOPBACK };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  target = await startHttpTarget();
  // Turn 1 (no tool result yet) answers slowly, so the server can be killed while it waits.
  chat = await startChatServer({
    script: (r) => (r.messages.some((m) => m.role === 'tool') ? { content: `done: ${r.messages.find((m) => m.role === 'tool')!.content}` } : { toolCalls: [{ id: 'c1', name: 'ship', arguments: '{"label":"parcel"}' }], delayMs: 2500 }),
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-agent-crash-'));
});

afterAll(async () => {
  await target.close();
  await chat.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('AI agent crash recovery (kill -9)', () => {
  it('repeats an interrupted model call with the same key, never a recorded one, and continues the tool run', async () => {
    const dbFile = path.join(dir, 'agent.db');
    let server = await startServer({ dbFile, env: OPEN });
    const auth = await adminHeaders(server);
    const post = async (url: string, body?: unknown) => json(await fetch(`${server.baseUrl}${url}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }));
    const get = async (url: string) => fetch(`${server.baseUrl}${url}`, { headers: auth });

    const tool = doc(
      'Ship',
      [node('start', 'manualTrigger', { inputFields: [{ name: 'label', label: 'Label', type: 'text', required: true, options: '' }] }), http('call', `${target.url}/ship?delay=2500`, '{ "label": $input.label }'), node('done', 'end', { output: '{ "shipped": $input.label }' })],
      [edge('start', 'call'), edge('call', 'done')],
    );
    const toolId = (await post('/api/v1/workflows', tool)).id as string;
    await post(`/api/v1/workflows/${toolId}/publish`);
    const agent = doc(
      'Crash agent',
      [
        node('start', 'manualTrigger'),
        node('agent', 'aiAgent', { baseUrl: chat.baseUrl, model: 'crash', userPrompt: 'Ship the parcel', tools: [{ name: 'ship', description: 'Ship', workflowId: toolId, requiresApproval: false }] }),
        node('done', 'end', { output: '$steps.agent.output' }),
      ],
      [edge('start', 'agent'), edge('agent', 'done')],
    );
    const agentId = (await post('/api/v1/workflows', agent)).id as string;
    await post(`/api/v1/workflows/${agentId}/publish`);
    const { runId } = (await post(`/api/v1/workflows/${agentId}/runs`, { input: {} })) as { runId: string };
    const modelCalls = () => chat.seen.filter((s) => (JSON.parse(s.body) as { model: string }).model === 'crash').map((s) => s.headers['idempotency-key']);

    // 1. Killed while the first model call waits for its answer.
    await until('the first model call', async () => modelCalls().length === 1);
    await server.kill9();
    server = await startServer({ dbFile, env: OPEN });

    // 2. Killed while the tool's child run waits for its HTTP call.
    const childRunId = `${runId}.agent-1.agent-t1-0`;
    await until('the tool run', async () => (await get(`/api/v1/runs/${childRunId}`)).ok);
    await sleep(700);
    await server.kill9();
    server = await startServer({ dbFile, env: OPEN });

    const run = await until('the run to end', async () => {
      const r = (await (await get(`/api/v1/runs/${runId}`)).json()) as { status: string; output: unknown };
      return r.status === 'succeeded' || r.status === 'failed' ? r : null;
    });
    await server.stop();

    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ answer: 'done: {"shipped":"parcel"}', turns: 2 });
    // The interrupted call went out again with its key; the recorded ones never again.
    expect(modelCalls()).toEqual([`${runId}:agent#1:model-1`, `${runId}:agent#1:model-1`, `${runId}:agent#1:model-2`]);
    const db = new Database(dbFile, { readonly: true });
    try {
      // The tool's run is the one child started before the kill; its HTTP step ran again under its own key.
      expect(db.prepare(`SELECT id, status, parent_run_id AS parent FROM runs WHERE parent_run_id = ?`).all(runId)).toEqual([{ id: childRunId, status: 'succeeded', parent: runId }]);
      const toolCalls = target.calls.filter((c) => c.key === `${childRunId}:call#1`);
      expect(toolCalls.length).toBeGreaterThanOrEqual(1);
      const { records, gaps } = readRunLog(db, runId);
      expect(gaps).toBe(0);
      expect(records.filter((r) => r.type === 'step.progress').map((r) => (r as unknown as { trace: { kind: string } }).trace.kind)).toEqual(['model', 'tools', 'model']);
      console.log(`agent crash test: 2 kills, ${modelCalls().length} model requests (1 repeated after the kill), ${toolCalls.length} tool HTTP calls`);
    } finally {
      db.close();
    }
  }, 180_000);
});
