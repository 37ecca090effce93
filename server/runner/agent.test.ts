/**
 * The AI agent on a real SQLite file against a scripted OpenAI-compatible server on
 * 127.0.0.1: tool conversations, parallel tool calls, malformed arguments, 429 with
 * Retry-After, and the trace it logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { ended, openTestApp, type TestApp } from '@/tests/helpers/app';
import { startChatServer, type ChatReply, type ChatRequest } from '@/tests/helpers/chat-server';
import { startHttpTarget } from '@/tests/helpers/http-target';
import { ALLOW_LOOPBACK } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { publishAgent, publishTools } from '@/tests/helpers/agent-docs';

let t: TestApp;
let app: App;
let chat: Awaited<ReturnType<typeof startChatServer>>;
let target: Awaited<ReturnType<typeof startHttpTarget>>;
let tools: Awaited<ReturnType<typeof publishTools>>;
const scripts = new Map<string, (r: ChatRequest) => ChatReply>();

/** Tool messages the model has seen so far. */
const toolMessages = (r: ChatRequest) => r.messages.filter((m) => m.role === 'tool');

beforeAll(async () => {
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
  t = openTestApp('agent');
  app = t.app;
  chat = await startChatServer({ script: (r) => scripts.get(r.model)?.(r) });
  target = await startHttpTarget({ delayMs: 400 });
  tools = await publishTools(app, `${target.url}/slow`);
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await t.close();
  await chat.close();
  await target.close();
});

async function runAgent(name: string, config: Record<string, unknown>) {
  const wf = await publishAgent(app, name, { baseUrl: chat.baseUrl, model: name, ...config });
  const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
  const run = await waitFor(() => ended(app, runId), 30_000);
  const log = await app.runs.events(runId, 0);
  const trace = log.flatMap((r) => (r.type === 'step.progress' ? [r.trace as Record<string, unknown>] : []));
  return { runId, run, log, trace };
}

const requestsOf = (model: string) => chat.seen.filter((s) => s.url === '/v1/chat/completions' && (JSON.parse(s.body) as { model: string }).model === model);

describe('AI agent', () => {
  it('holds a two-tool conversation: each tool a child run, results back to the model, one idempotency key per model call', async () => {
    scripts.set('two-tools', (r) => {
      const seen = toolMessages(r);
      if (seen.length === 0) return { content: 'Let me look the order up.', toolCalls: [{ id: 'c1', name: 'lookup_order', arguments: '{"orderId":"A1"}' }] };
      if (seen.length === 1) return { toolCalls: [{ id: 'c2', name: 'refund', arguments: '{"amount":5}' }] };
      return { content: `Order A1 is shipped; refunded ${JSON.parse(seen[1]!.content!).refunded}.` };
    });
    const { runId, run, trace } = await runAgent('two-tools', {
      tools: [
        { name: 'lookup_order', description: 'Find an order', workflowId: tools.lookup, requiresApproval: false },
        { name: 'refund', description: 'Refund money', workflowId: tools.refund, requiresApproval: false },
      ],
    });
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ answer: 'Order A1 is shipped; refunded 5.', turns: 3, totals: { modelCalls: 3, promptTokens: 33, completionTokens: 21, totalTokens: 54 } });
    const reqs = requestsOf('two-tools').map((s) => ({ key: s.headers['idempotency-key'], body: JSON.parse(s.body) as ChatRequest }));
    expect(reqs.map((r) => r.key)).toEqual([1, 2, 3].map((n) => `${runId}:agent#1:model-${n}`));
    // The tools' parameters come from their workflows' input fields.
    expect(reqs[0]!.body.tools?.map((x) => [x.function.name, x.function.parameters])).toEqual([
      ['lookup_order', { type: 'object', properties: { orderId: { type: 'string', description: 'Order id' } }, required: ['orderId'], additionalProperties: false }],
      ['refund', { type: 'object', properties: { amount: { type: 'number', description: 'Amount', maximum: 1000 } }, required: ['amount'], additionalProperties: false }],
    ]);
    // The model saw each tool's output as a role "tool" message answering its call.
    expect(reqs[2]!.body.messages.filter((m) => m.role === 'tool')).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: '{"orderId":"A1","status":"shipped"}' },
      { role: 'tool', tool_call_id: 'c2', content: '{"refunded":5}' },
    ]);
    // Each tool call was a child run of this run.
    const lookupRun = await app.runs.get(`${runId}.agent-1.agent-t1-0`);
    expect(lookupRun).toMatchObject({ status: 'succeeded', output: { orderId: 'A1', status: 'shipped' } });
    expect((await app.runs.get(`${runId}.agent-1.agent-t2-0`)).output).toEqual({ refunded: 5 });
    // The trace: model turn, tool results, model turn, tool results, final turn.
    expect(trace.map((e) => e.kind)).toEqual(['model', 'tools', 'model', 'tools', 'model']);
    expect(trace[0]).toMatchObject({ turn: 1, excerpt: 'Let me look the order up.', toolCalls: [{ id: 'c1', name: 'lookup_order', args: '{"orderId":"A1"}' }], promptTokens: 11, completionTokens: 7, totals: { totalTokens: 18 } });
    expect(trace[1]).toMatchObject({ results: [{ id: 'c1', name: 'lookup_order', args: { orderId: 'A1' }, status: 'succeeded', result: '{"orderId":"A1","status":"shipped"}', runId: `${runId}.agent-1.agent-t1-0` }] });
    expect((trace[4] as { latencyMs: number }).latencyMs).toBeGreaterThanOrEqual(0);
    // Every round is an attempt record of the step.
    expect((await app.runs.attempts(runId, 'agent#1')).map((a) => a.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('runs several tool calls of one turn concurrently as child runs', async () => {
    scripts.set('parallel', (r) =>
      toolMessages(r).length === 0
        ? { toolCalls: [{ name: 'slow', arguments: '{"label":"a"}' }, { name: 'slow', arguments: '{"label":"b"}' }, { name: 'slow', arguments: '{"label":"c"}' }] }
        : { content: toolMessages(r).map((m) => JSON.parse(m.content!).label).join(',') },
    );
    const { runId, run, trace } = await runAgent('parallel', { tools: [{ name: 'slow', description: 'Slow', workflowId: tools.slow, requiresApproval: false }] });
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ answer: 'a,b,c' });
    const calls = target.calls.filter((c) => c.key?.startsWith(`${runId}.agent-1.agent-t1-`));
    expect(calls).toHaveLength(3);
    // All three requests were in flight at the same time on the target.
    expect(Math.max(...calls.map((c) => c.startedAt))).toBeLessThan(Math.min(...calls.map((c) => c.endedAt)));
    expect(trace[1]).toMatchObject({ kind: 'tools', results: [{ status: 'succeeded' }, { status: 'succeeded' }, { status: 'succeeded' }] });
  });

  it('returns malformed tool arguments to the model as an error, and the model corrects itself', async () => {
    scripts.set('malformed', (r) => {
      const seen = toolMessages(r);
      if (seen.length === 0) return { toolCalls: [{ id: 'bad', name: 'lookup_order', arguments: '{"orderId": ' }] };
      if (seen.length === 1) return { toolCalls: [{ id: 'bad2', name: 'lookup_order', arguments: '{"order": "A1"}' }] };
      if (seen.length === 2) return { toolCalls: [{ id: 'good', name: 'lookup_order', arguments: '{"orderId":"A1"}' }] };
      return { content: 'fixed' };
    });
    const { run, trace } = await runAgent('malformed', { tools: [{ name: 'lookup_order', description: '', workflowId: tools.lookup, requiresApproval: false }] });
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ answer: 'fixed' });
    const second = JSON.parse(requestsOf('malformed')[1]!.body) as ChatRequest;
    expect(second.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'bad', content: expect.stringMatching(/^Error: the arguments are not valid JSON/) });
    const third = JSON.parse(requestsOf('malformed')[2]!.body) as ChatRequest;
    expect(third.messages.at(-1)!.content).toMatch(/Order id is required/);
    expect(trace.filter((e) => e.kind === 'model').map((e) => (e.errors as unknown[] | undefined)?.length ?? 0)).toEqual([1, 1, 0, 0]);
  });

  it('ends on error with AGENT_TOOL_ERROR when malformed calls go on past maxToolErrors, never as success', async () => {
    scripts.set('always-malformed', () => ({ toolCalls: [{ name: 'nope', arguments: '{}' }] }));
    const { run, trace } = await runAgent('always-malformed', { maxToolErrors: 2, tools: [{ name: 'lookup_order', description: '', workflowId: tools.lookup, requiresApproval: false }] });
    expect(run.status).toBe('succeeded'); // through the error port
    expect(run.output).toMatchObject({ error: { code: 'AGENT_TOOL_ERROR', message: expect.stringMatching(/malformed tool calls in 3 turns, more than 2.*no tool named "nope"/) } });
    expect(requestsOf('always-malformed')).toHaveLength(3);
    expect(trace.filter((e) => e.kind === 'model')).toHaveLength(3);
  });

  it('waits out a 429 with Retry-After and repeats the call with the same idempotency key', async () => {
    scripts.set('rate-limited', (r) => (r.n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { content: 'after the wait' }));
    const { runId, run, log } = await runAgent('rate-limited', {});
    expect(run.output).toMatchObject({ answer: 'after the wait' });
    const reqs = requestsOf('rate-limited');
    expect(reqs.map((s) => s.headers['idempotency-key'])).toEqual([`${runId}:agent#1:model-1`, `${runId}:agent#1:model-1`]);
    const retrying = log.find((r) => r.type === 'step.retrying') as { delayMs: number; error: { code: string } } | undefined;
    expect(retrying).toMatchObject({ error: { code: 'HTTP_429' } });
    expect(retrying!.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('asks once more when the final answer does not match the output schema, then fails with AGENT_OUTPUT_INVALID', async () => {
    const schema = JSON.stringify({ type: 'object', properties: { reply: { type: 'string' } }, required: ['reply'] });
    scripts.set('schema-fixed', (r) => (r.n === 1 ? { content: 'Sure, here you go' } : { content: '{"reply":"Hello"}' }));
    const fixed = await runAgent('schema-fixed', { outputSchema: schema });
    expect(fixed.run.output).toMatchObject({ answer: { reply: 'Hello' }, turns: 2 });
    expect(fixed.trace[0]).toMatchObject({ kind: 'model', reasked: expect.stringMatching(/not JSON/) });
    const second = JSON.parse(requestsOf('schema-fixed')[1]!.body) as ChatRequest;
    expect(second.messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringMatching(/^Your answer does not match the required JSON Schema/) });
    scripts.set('schema-never', () => ({ content: '{"text":"Hello"}' }));
    const never = await runAgent('schema-never', { outputSchema: schema });
    expect(never.run.output).toMatchObject({ error: { code: 'AGENT_OUTPUT_INVALID', message: expect.stringMatching(/also when asked again: reply/) } });
    expect(requestsOf('schema-never')).toHaveLength(2);
  });
});
