/**
 * The AI agent's budgets and approvals on a real SQLite file against a scripted
 * OpenAI-compatible server on 127.0.0.1: each budget ends the step on `error` with
 * `AGENT_BUDGET` (never success); a call needing approval waits in the inbox, and a
 * rejection's reason and an edit's arguments reach the model and the tool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { ended, openTestApp, type TestApp } from '@/tests/helpers/app';
import { startChatServer, type ChatReply, type ChatRequest } from '@/tests/helpers/chat-server';
import { ALLOW_LOOPBACK } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { publishAgent, publishTools } from '@/tests/helpers/agent-docs';

let t: TestApp;
let app: App;
let chat: Awaited<ReturnType<typeof startChatServer>>;
let tools: Awaited<ReturnType<typeof publishTools>>;
const scripts = new Map<string, (r: ChatRequest) => ChatReply>();
const toolMessages = (r: ChatRequest) => r.messages.filter((m) => m.role === 'tool');
/** A model that looks the order up forever. */
const endless = (r: ChatRequest): ChatReply => ({ toolCalls: [{ name: 'lookup_order', arguments: JSON.stringify({ orderId: `A${toolMessages(r).length}` }) }], usage: { prompt_tokens: 400, completion_tokens: 100 } });

beforeAll(async () => {
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
  t = openTestApp('agent-limits');
  app = t.app;
  chat = await startChatServer({ script: (r) => scripts.get(r.model)?.(r) });
  tools = await publishTools(app);
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await t.close();
  await chat.close();
});

async function start(name: string, config: Record<string, unknown>) {
  const lookup = { name: 'lookup_order', description: 'Find an order', workflowId: tools.lookup, requiresApproval: false };
  const wf = await publishAgent(app, name, { baseUrl: chat.baseUrl, model: name, tools: [lookup], ...config });
  return (await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' })).runId;
}
async function finish(runId: string) {
  const run = await waitFor(() => ended(app, runId), 30_000);
  const log = await app.runs.events(runId, 0);
  return { run, trace: log.flatMap((r) => (r.type === 'step.progress' ? [r.trace as Record<string, unknown>] : [])), failed: log.find((r) => r.type === 'step.failed') };
}
const calls = (model: string) => chat.seen.filter((s) => (JSON.parse(s.body) as { model: string }).model === model).length;

describe('AI agent budgets', () => {
  it('maxModelCalls: stops before the call past the budget', async () => {
    scripts.set('calls', endless);
    const { run, failed } = await finish(await start('calls', { budgets: { maxModelCalls: 3 } }));
    expect(run.output).toMatchObject({ error: { code: 'AGENT_BUDGET', message: expect.stringMatching(/made 3 model calls.*maxModelCalls 3/) } });
    expect(failed).toMatchObject({ handled: true });
    expect(calls('calls')).toBe(3);
  });

  it('maxTotalTokens: the call that passes the budget is the last, and its turn is in the trace', async () => {
    scripts.set('tokens', endless);
    const { run, trace } = await finish(await start('tokens', { budgets: { maxModelCalls: 50, maxTotalTokens: 1200 } }));
    expect(run.output).toMatchObject({ error: { code: 'AGENT_BUDGET', message: expect.stringMatching(/used 1500 tokens, more than its budget \(maxTotalTokens 1200\)/) } });
    expect(calls('tokens')).toBe(3);
    expect(trace.filter((e) => e.kind === 'model').at(-1)).toMatchObject({ turn: 3, totals: { totalTokens: 1500 } });
  });

  it('maxCostUsd: priced per 1,000 tokens by an admin; refused when the model has no price', async () => {
    scripts.set('costly', endless);
    const noPrice = await finish(await start('costly', { budgets: { maxModelCalls: 50, maxCostUsd: 0.01 } }));
    expect(noPrice.run.output).toMatchObject({ error: { code: 'AGENT_BUDGET', message: expect.stringMatching(/no price is set for model "costly"/) } });
    expect(calls('costly')).toBe(0);
    await expect(app.settings.setModelPrices({ costly: { promptPer1k: -1, completionPer1k: 1 } }, 'ada')).rejects.toThrow(/costly\.promptPer1k: must not be negative/);
    await app.settings.setModelPrices({ costly: { promptPer1k: 0.005, completionPer1k: 0.015 } }, 'ada');
    // Each call: 400 × 0.005/1000 + 100 × 0.015/1000 = $0.0035; the third passes $0.01.
    const { run, trace } = await finish(await start('costly', { budgets: { maxModelCalls: 50, maxCostUsd: 0.01 } }));
    expect(run.output).toMatchObject({ error: { code: 'AGENT_BUDGET', message: expect.stringMatching(/spent \$0\.0105, more than its budget \(maxCostUsd 0\.01\)/) } });
    expect(trace.filter((e) => e.kind === 'model').map((e) => [e.costUsd, (e.totals as { costUsd: number }).costUsd])).toEqual([
      [0.0035, 0.0035],
      [0.0035, 0.007],
      [0.0035, 0.0105],
    ]);
  });

  it('maxDurationMs: no model call starts once the time is used up (waits for tools count)', async () => {
    scripts.set('slowly', (r) => ({ ...endless(r), delayMs: 300 }));
    const { run } = await finish(await start('slowly', { budgets: { maxModelCalls: 50, maxDurationMs: 500 } }));
    expect(run.output).toMatchObject({ error: { code: 'AGENT_BUDGET', message: expect.stringMatching(/past its budget \(maxDurationMs 500\)/) } });
    expect(calls('slowly')).toBeGreaterThanOrEqual(2);
    expect(calls('slowly')).toBeLessThan(10);
  });
});

describe('AI agent approvals', () => {
  it('a rejected call tells the model the reason; an edited one runs with the new arguments', async () => {
    scripts.set('approvals', (r) => {
      const seen = toolMessages(r);
      if (seen.length === 0) return { content: 'The customer wants money back.', toolCalls: [{ id: 'r1', name: 'refund', arguments: '{"amount":500}' }] };
      if (seen.length < 3) return { toolCalls: [{ id: `r${seen.length + 1}`, name: 'refund', arguments: '{"amount":50}' }] };
      return { content: `Refunded ${JSON.parse(seen[2]!.content!).refunded}` };
    });
    const runId = await start('approvals', { tools: [{ name: 'refund', description: 'Refund money', workflowId: tools.refund, requiresApproval: true }] });
    const first = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    expect(first.title).toBe('Approve refund for agent');
    expect(first.context).toMatchObject({ tool: 'refund', arguments: { amount: 500 }, callId: 'r1' });
    expect(first.description).toMatch(/^The agent wants to call refund \(Refund money\) with the arguments shown below\.\n\nIts reasoning: The customer wants money back\./);
    expect((await app.runs.get(runId)).status).toBe('waiting');
    await app.tasks.complete(first.id, { outcome: 'reject', data: { reason: 'More than the order was worth' }, by: 'sam' });
    const second = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    expect(second.context).toMatchObject({ arguments: { amount: 50 } });
    await expect(app.tasks.complete(second.id, { outcome: 'approve', data: { arguments: '{"amount": "lots"}' }, by: 'sam' })).resolves.toBeDefined();
    // The unusable edit went back to the model as an error; it asks again for 50.
    const third = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    await app.tasks.complete(third.id, { outcome: 'approve', data: { arguments: '{"amount": 40}' }, by: 'sam' });
    const { run, trace } = await finish(runId);
    expect(run.output).toMatchObject({ answer: 'Refunded 40' });
    const toolLines = trace.filter((e) => e.kind === 'tools').flatMap((e) => e.results as Record<string, unknown>[]);
    expect(toolLines.map((l) => [l.status, l.approvedBy ?? l.rejectedBy, l.edited ?? null])).toEqual([
      ['rejected', 'sam', null],
      ['failed', 'sam', true],
      ['succeeded', 'sam', true],
    ]);
    expect(toolLines[0]!.result).toBe('The call was rejected by a person (sam): More than the order was worth');
    expect(toolLines[2]).toMatchObject({ args: { amount: 40 } });
    const requests = chat.seen.filter((s) => (JSON.parse(s.body) as { model: string }).model === 'approvals').map((s) => JSON.parse(s.body) as ChatRequest);
    expect(requests[1]!.messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'r1', content: 'The call was rejected by a person (sam): More than the order was worth' });
  });
});
