import 'server-only';
/**
 * One call of the agent's model: `POST <baseUrl>/chat/completions` through the guarded
 * HTTP client, with an `Idempotency-Key` stable across re-executions of the same call.
 */
import type { ExecutorContext } from '../executor';
import { StepError } from '../executor';
import type { Json } from '../../engine/types';
import { sendRequest, statusError } from '../http/request';
import { applyCredential, resolveCredential } from '../http/auth';
import { absoluteUrl } from '../http/executor';
import type { ChatMessage } from './memory';

/** Largest chat-completions response read, bytes. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface ModelAnswer {
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  promptTokens: number;
  completionTokens: number;
  model: string;
  finishReason: string | null;
}

interface Completion {
  model?: string;
  choices?: { message?: { content?: string | null; refusal?: string | null; tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/**
 * Sends the conversation and the tool specs; returns the answer.
 * @throws StepError: the HTTP client's codes (`BLOCKED`, `TIMEOUT`, `NETWORK`, `HTTP_<status>`;
 *   408/429 (with `Retry-After`)/5xx retryable), `AI_REFUSED`, `AI_BAD_RESPONSE`.
 */
export async function callModel(
  ctx: ExecutorContext,
  where: string,
  o: { baseUrl: string; model: string; credentialId: string; temperature?: number; timeoutMs: number; messages: ChatMessage[]; tools: Json[]; idempotencyKey: string },
): Promise<{ answer: ModelAnswer; request: Json }> {
  const base = absoluteUrl(o.baseUrl, ctx, where);
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}/chat/completions`, base);
  url.search = base.search;
  const request: Record<string, Json> = { model: o.model, messages: o.messages as unknown as Json };
  if (o.tools.length) request.tools = o.tools;
  if (o.temperature !== undefined) request.temperature = o.temperature;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': o.idempotencyKey };
  const credential = await resolveCredential(ctx, o.credentialId, where);
  const sensitive = credential ? [applyCredential(headers, credential, where)] : [];
  const input: Json = { url: url.href, model: o.model, messages: o.messages.length, idempotencyKey: o.idempotencyKey };
  const res = await sendRequest(
    { method: 'POST', url: url.href, headers, body: JSON.stringify(request), timeoutMs: o.timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES, maxRedirects: 3, responseType: 'json', sensitiveHeaders: sensitive },
    { signal: ctx.signal, where, input, log: ctx.log, baseUrl: ctx.baseUrl },
  );
  const err = statusError(res, 'POST', { where, input, nowMs: ctx.now?.() ?? Date.now() });
  if (err) throw err;
  const completion = res.body as Completion | null;
  const choice = completion?.choices?.[0];
  const message = choice?.message;
  if (message?.refusal) throw new StepError(`${where}: the model refused: ${message.refusal}`, { code: 'AI_REFUSED', input });
  if (!message || (typeof message.content !== 'string' && !Array.isArray(message.tool_calls)))
    throw new StepError(`${where}: the service did not answer with a chat completion (no choices[0].message)`, { code: 'AI_BAD_RESPONSE', retryable: true, input, details: res.body });
  const toolCalls = (message.tool_calls ?? []).map((c, i) => ({
    id: typeof c.id === 'string' && c.id ? c.id.slice(0, 100) : `call_${i}`,
    name: String(c.function?.name ?? ''),
    arguments: typeof c.function?.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function?.arguments ?? {}),
  }));
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? Math.round(x) : 0);
  return {
    request: input,
    answer: {
      content: typeof message.content === 'string' ? message.content : null,
      toolCalls,
      promptTokens: n(completion?.usage?.prompt_tokens),
      completionTokens: n(completion?.usage?.completion_tokens),
      model: completion?.model ?? o.model,
      finishReason: choice?.finish_reason ?? null,
    },
  };
}
