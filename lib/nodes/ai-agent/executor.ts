import 'server-only';
/**
 * The AI agent's executor: one round per execution (see `lib/engine/awaits.ts`).
 *
 * - First round: render the prompts, pin the tools (each published workflow's version
 *   and input fields), then call the model.
 * - A round with pending tool calls and their results: fold them into the conversation
 *   (`results.ts`); approved calls start as child runs now; once every result is in, the
 *   round ends and the next one calls the model. Tool results are logged in their own
 *   round, so the trace shows them before the next model call returns.
 * - A model round: check the call and time budgets, call the model (idempotency key
 *   `<runId>:<stepId>:model-<n>`, the same however often this call is retried or
 *   re-executed), add the tokens and cost, check the token and cost budgets. Tool calls
 *   are checked against their tools; malformed ones go back to the model as errors;
 *   good ones start as child runs, concurrently, or wait for approval in the inbox.
 *   No tool call: the final answer (checked against `outputSchema`, asked again once).
 *
 * Errors (all on `error`, never success): `AGENT_BUDGET`, `AGENT_TOOL_ERROR`,
 * `AGENT_OUTPUT_INVALID`, `AGENT_DEPTH`, `AGENT_TOOL_MISSING`, plus the model call's
 * own (`HTTP_<status>`, `TIMEOUT`, … retried under the node's retry policy).
 */
import type { ExecutorContext, ExecutorResult, FlowExecutor, FlowResult } from '../executor';
import { StepError } from '../executor';
import type { Json } from '../../engine/types';
import { renderTemplate } from '../../expressions';
import { evaluating, nodeWhere } from '../http/executor';
import { compileOutputSchema, describeIssues } from '../ai-step/schema';
import type { AiAgentConfig } from './definition';
import { addCall, budgetProblem, callCost, ZERO_TOTALS } from './budget';
import { checkCall, toolSpecs, type PinnedTool } from './tools';
import { conversationSize, excerpt, MAX_CONVERSATION_CHARS, type AgentMemory, type ChatMessage, type PendingCall, type TraceEntry } from './memory';
import { approvalTask, foldResults } from './results';
import { callModel } from './model';

/** How many agents may be nested through tools (an agent whose tool runs an agent …): `BATON_AGENT_MAX_DEPTH`, default 3. */
export function agentMaxDepth(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.BATON_AGENT_MAX_DEPTH ?? 3);
  return Number.isInteger(n) && n >= 1 ? n : 3;
}

/** Agents above this run: tool runs have ids `<parent run>.<step>.agent-…` (see `callKey`). */
function agentDepth(runId: string): number {
  return runId.split('.agent-').length - 1;
}

type Result = ExecutorResult | FlowResult;

export const executeAiAgent: FlowExecutor<AiAgentConfig> = async (config, ctx) => {
  const where = nodeWhere('AI agent', ctx);
  const now = () => ctx.now?.() ?? Date.now();
  let memory = ctx.round?.memory as AgentMemory | undefined;
  if (memory?.end) {
    if ('output' in memory.end) return { output: memory.end.output };
    throw new StepError(memory.end.error.message, { code: memory.end.error.code, details: { totals: memory.totals } as unknown as Json });
  }
  if (!memory) memory = await firstRound(config, ctx, where, now());
  else if (memory.pending?.length) {
    const folded = foldResults(memory, ctx.round?.results ?? {});
    memory = folded.memory;
    if (folded.toRun.length) return runCalls(memory, folded.toRun, [], { kind: 'tools', results: folded.lines, totals: memory.totals });
    if (memory.pending?.length) throw new StepError(`${where}: a round ended without the results of ${memory.pending.map((c) => c.name).join(', ')}`, { code: 'AGENT_STATE' });
    delete memory.pending;
    return { await: { memory: capped(memory, where), trace: { kind: 'tools', results: folded.lines, totals: memory.totals } as unknown as Json } };
  }
  return modelRound(config, ctx, where, memory, now);
};

async function firstRound(config: AiAgentConfig, ctx: ExecutorContext, where: string, at: number): Promise<AgentMemory> {
  const max = agentMaxDepth();
  if (agentDepth(ctx.runId) >= max) throw new StepError(`${where}: agents are nested ${agentDepth(ctx.runId) + 1} deep through tools, more than the ${max} allowed (BATON_AGENT_MAX_DEPTH)`, { code: 'AGENT_DEPTH' });
  const { system, user } = await evaluating(where, async () => ({
    system: await renderTemplate(config.systemPrompt, ctx.scope, `${where} system prompt`),
    user: await renderTemplate(config.userPrompt, ctx.scope, `${where} user prompt`),
  }));
  const tools: PinnedTool[] = [];
  for (const t of config.tools) {
    const wf = ctx.workflow ? await ctx.workflow(t.workflowId) : null;
    if (!wf) throw new StepError(`${where}: tool "${t.name}": workflow "${t.workflowId}" does not exist or has no published version`, { code: 'AGENT_TOOL_MISSING' });
    tools.push({ name: t.name, description: t.description || wf.name, workflowId: t.workflowId, version: wf.version, requiresApproval: t.requiresApproval, fields: wf.inputFields });
  }
  const messages: ChatMessage[] = [...(system.trim() ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: user }];
  return { v: 1, startedAt: at, tools, messages, totals: { ...ZERO_TOTALS }, toolErrors: 0, reasked: false };
}

async function modelRound(config: AiAgentConfig, ctx: ExecutorContext, where: string, memory: AgentMemory, now: () => number): Promise<Result> {
  const budgets = config.budgets;
  const before = budgetProblem(budgets, memory.totals, now() - memory.startedAt, true);
  if (before) throw budgetError(where, before, memory);
  const price = ctx.modelPrice ? await ctx.modelPrice(config.model) : null;
  if (budgets.maxCostUsd !== undefined && !price)
    throw budgetError(where, `its cost budget cannot be kept: no price is set for model "${config.model}" (an admin sets prices per 1,000 tokens in Settings)`, memory);
  const turn = memory.totals.modelCalls + 1;
  const t0 = now();
  const { answer, request } = await callModel(ctx, where, {
    baseUrl: config.baseUrl,
    model: config.model,
    credentialId: config.credentialId,
    temperature: config.temperature,
    timeoutMs: config.timeoutMs,
    messages: memory.messages,
    tools: toolSpecs(memory.tools),
    idempotencyKey: `${ctx.idempotencyKey}:model-${turn}`,
  });
  const latencyMs = now() - t0;
  const cost = callCost(price, answer.promptTokens, answer.completionTokens);
  const totals = addCall(memory.totals, answer.promptTokens, answer.completionTokens, cost);
  ctx.log(`model turn ${turn}: ${answer.toolCalls.length} tool call(s), ${answer.promptTokens}+${answer.completionTokens} tokens, ${latencyMs} ms`);
  const trace: Extract<TraceEntry, { kind: 'model' }> = {
    kind: 'model',
    turn,
    excerpt: excerpt(answer.content ?? ''),
    toolCalls: answer.toolCalls.map((c) => ({ id: c.id, name: c.name, args: excerpt(c.arguments, 1000) })),
    promptTokens: answer.promptTokens,
    completionTokens: answer.completionTokens,
    costUsd: cost,
    latencyMs,
    totals,
  };
  const next: AgentMemory = { ...memory, totals, messages: [...memory.messages] };
  next.messages.push({
    role: 'assistant',
    content: answer.content,
    ...(answer.toolCalls.length ? { tool_calls: answer.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
  });

  const after = budgetProblem(budgets, totals, now() - memory.startedAt, false);
  if (after) return ending(next, trace, request, { code: 'AGENT_BUDGET', message: `${where}: stopped because ${after}` });
  if (answer.toolCalls.length === 0) return finalAnswer(config, where, next, trace, request);

  const checked = answer.toolCalls.map((c) => checkCall(c, next.tools));
  const errors = checked.flatMap((c) => (c.ok ? [] : [{ id: c.call.id, name: c.call.name, problem: c.problem }]));
  for (const e of errors) next.messages.push({ role: 'tool', tool_call_id: e.id, content: `Error: ${e.problem}. Correct the call and try again.` });
  if (errors.length) {
    next.toolErrors += 1;
    trace.errors = errors;
    if (next.toolErrors > config.maxToolErrors)
      return ending(next, trace, request, { code: 'AGENT_TOOL_ERROR', message: `${where}: the model proposed malformed tool calls in ${next.toolErrors} turns, more than ${config.maxToolErrors} (maxToolErrors); last: ${errors[0]!.name}: ${errors[0]!.problem}` });
  }
  const calls: PendingCall[] = checked.flatMap((c, i) => (c.ok ? [{ id: c.call.id, name: c.tool.name, args: c.args, phase: c.tool.requiresApproval ? ('approval' as const) : ('run' as const), key: callKey(turn, i, c.tool.requiresApproval) }] : []));
  const approvals = calls.filter((c) => c.phase === 'approval');
  const approvers = config.approvers.split(',').map((s) => s.trim()).filter(Boolean);
  const tasks = approvals.map((c) => ({ key: c.key, task: approvalTask(c, next.tools.find((t) => t.name === c.name)!, { agentLabel: ctx.label, reason: answer.content ?? '', approvers }) }));
  const runNow = calls.filter((c) => c.phase === 'run');
  next.pending = calls;
  if (calls.length === 0) delete next.pending;
  return runCalls(next, runNow, tasks, trace, request, where);
}

/** Result key of a call: `agent-t<turn>-<i>` (run) or `agent-a<turn>-<i>` (approval); a tool's child run id ends with it, which is how nesting depth is counted. */
function callKey(turn: number, i: number, approval: boolean): string {
  return `agent-${approval ? 'a' : 't'}${turn}-${i}`;
}

/** Ends the round: start `calls` as child runs (run keys) and open `tasks`, keeping `memory`. */
function runCalls(memory: AgentMemory, calls: PendingCall[], tasks: { key: string; task: ReturnType<typeof approvalTask> }[], trace: TraceEntry, input?: Json, where = 'AI agent'): Result {
  const children = calls.map((c) => {
    const tool = memory.tools.find((t) => t.name === c.name)!;
    // A call approved in this round gets a run key of its own (the approval key named the task).
    const key = c.key.replace('agent-a', 'agent-r');
    c.key = key;
    return { key, workflowId: tool.workflowId, version: tool.version, input: c.args as Json };
  });
  return { await: { memory: capped(memory, where), trace: trace as unknown as Json, children, tasks }, ...(input !== undefined ? { input } : {}) };
}

function finalAnswer(config: AiAgentConfig, where: string, memory: AgentMemory, trace: Extract<TraceEntry, { kind: 'model' }>, input: Json): Result {
  const text = memory.messages.at(-1)?.content ?? '';
  let answer: Json = text;
  if (config.outputSchema.trim()) {
    const { validator } = compileOutputSchema(config.outputSchema);
    let problem: string | null = null;
    try {
      const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
      answer = JSON.parse(fenced ? fenced[1]! : text) as Json;
      const r = validator.safeParse(answer);
      if (!r.success) problem = describeIssues(r.error.issues);
    } catch (err) {
      problem = `not JSON (${(err as Error).message})`;
    }
    if (problem) {
      if (memory.reasked) return ending(memory, trace, input, { code: 'AGENT_OUTPUT_INVALID', message: `${where}: the final answer does not match the output schema, also when asked again: ${problem}` });
      memory.reasked = true;
      memory.messages.push({ role: 'user', content: `Your answer does not match the required JSON Schema (${problem}). Answer again with only JSON matching:\n${config.outputSchema}` });
      trace.reasked = problem;
      return { await: { memory: capped(memory, where), trace: trace as unknown as Json }, input };
    }
  }
  const output: Json = { answer, totals: memory.totals as unknown as Json, turns: memory.totals.modelCalls };
  return { await: { memory: { ...memory, end: { output } } as unknown as Json, trace: trace as unknown as Json }, input };
}

/** Ends the conversation after this round with `error` (the next round fails with it), the deciding turn logged first. */
function ending(memory: AgentMemory, trace: TraceEntry, input: Json, error: { code: string; message: string }): Result {
  return { await: { memory: { ...memory, end: { error } } as unknown as Json, trace: trace as unknown as Json }, input };
}

/** The memory, refused when its conversation is over {@link MAX_CONVERSATION_CHARS}. */
function capped(memory: AgentMemory, where: string): Json {
  const size = conversationSize(memory.messages);
  if (size > MAX_CONVERSATION_CHARS) throw budgetError(where, `its conversation is ${size} characters of JSON, more than the ${MAX_CONVERSATION_CHARS} kept in the run`, memory);
  return memory as unknown as Json;
}

function budgetError(where: string, problem: string, memory: AgentMemory, trace?: TraceEntry): StepError {
  return new StepError(`${where}: stopped because ${problem}`, { code: 'AGENT_BUDGET', details: { totals: memory.totals, ...(trace ? { trace } : {}) } as unknown as Json });
}
