import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { AiStepConfig } from './definition';
import { renderTemplate } from '../../expressions';
import type { Json } from '../../engine/types';
import { parseResponseJson, sendRequest, statusError } from '../http/request';
import { applyCredential, resolveCredential } from '../http/auth';
import { absoluteUrl, evaluating, nodeWhere } from '../http/executor';
import { compileOutputSchema, describeIssues } from './schema';

/** Largest chat-completions response read, bytes. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

interface Completion {
  model?: string;
  choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number };
}

/** The JSON inside an answer, tolerating a Markdown code fence around it. */
function jsonText(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(content);
  return fenced ? fenced[1]! : content;
}

/**
 * Calls `<baseUrl>/chat/completions` and returns `{ content, model, finishReason, usage }`.
 * `content` is the answer text, or with `responseFormat: json` the parsed JSON value.
 * @throws StepError: `EXPRESSION` (a prompt template failed), `CONFIG_INVALID` (bad
 *   schema), the HTTP client's codes (`BLOCKED`, `TIMEOUT`, `NETWORK`, `HTTP_<status>`;
 *   408/429/5xx retryable), `AI_BAD_RESPONSE` (not a chat completion), `AI_REFUSED`
 *   (the model refused; not retryable), `AI_OUTPUT_INVALID` (not JSON, or not matching
 *   the schema; retryable, since another sample may comply).
 */
export const executeAiStep: Executor<AiStepConfig> = async (config, ctx) => {
  const where = nodeWhere('AI step', ctx);
  let compiled: ReturnType<typeof compileOutputSchema> | null = null;
  if (config.responseFormat === 'json' && config.jsonSchema.trim()) {
    try {
      compiled = compileOutputSchema(config.jsonSchema);
    } catch (err) {
      throw new StepError(`${where} JSON Schema: ${(err as Error).message}`, { code: 'CONFIG_INVALID' });
    }
  }
  const { url, system, user } = await evaluating(where, async () => {
    const base = absoluteUrl(config.baseUrl, ctx, where);
    const u = new URL(`${base.pathname.replace(/\/+$/, '')}/chat/completions`, base);
    u.search = base.search;
    return {
      url: u,
      system: await renderTemplate(config.systemPrompt, ctx.scope, `${where} system prompt`),
      user: await renderTemplate(config.userPrompt, ctx.scope, `${where} user prompt`),
    };
  });
  const messages = [...(system.trim() ? [{ role: 'system', content: system }] : []), { role: 'user', content: user }];
  const request: Record<string, Json> = { model: config.model, messages };
  if (config.temperature !== undefined) request.temperature = config.temperature;
  if (config.maxTokens !== undefined) request.max_tokens = config.maxTokens;
  if (config.responseFormat === 'json')
    request.response_format = compiled ? { type: 'json_schema', json_schema: { name: 'output', schema: compiled.schema as Json } } : { type: 'json_object' };

  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const credential = await resolveCredential(ctx, config.credentialId, where);
  const sensitive = credential ? [applyCredential(headers, credential, where)] : [];
  const input: Json = { url: url.href, ...request };
  const res = await sendRequest(
    { method: 'POST', url: url.href, headers, body: JSON.stringify(request), timeoutMs: config.timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES, maxRedirects: 3, responseType: 'json', sensitiveHeaders: sensitive },
    { signal: ctx.signal, where, input, log: ctx.log, baseUrl: ctx.baseUrl },
  );
  const err = statusError(res, 'POST', { where, input, nowMs: ctx.now?.() ?? Date.now() });
  if (err) throw err;

  const completion = res.body as Completion | null;
  const choice = completion?.choices?.[0];
  const message = choice?.message;
  if (message?.refusal) throw new StepError(`${where}: the model refused: ${message.refusal}`, { code: 'AI_REFUSED', retryable: false, input, details: res.body });
  if (!message || typeof message.content !== 'string')
    throw new StepError(`${where}: the service did not answer with a chat completion (no choices[0].message.content)`, { code: 'AI_BAD_RESPONSE', input, details: res.body });
  const finishReason = choice?.finish_reason ?? null;
  ctx.log(`model ${completion?.model ?? config.model}, finish reason ${finishReason ?? 'unknown'}, ${completion?.usage?.total_tokens ?? '?'} tokens`);

  let content: Json = message.content;
  if (config.responseFormat === 'json') {
    const cut = finishReason === 'length' ? ' (the answer was cut off at the token limit)' : '';
    try {
      content = parseResponseJson(jsonText(message.content));
    } catch (e) {
      throw new StepError(`${where}: the answer is not JSON${cut}: ${(e as Error).message}`, { code: 'AI_OUTPUT_INVALID', retryable: true, input, details: { content: message.content } });
    }
    if (compiled) {
      const r = compiled.validator.safeParse(content);
      if (!r.success)
        throw new StepError(`${where}: the answer does not match the JSON Schema: ${describeIssues(r.error.issues)}`, { code: 'AI_OUTPUT_INVALID', retryable: true, input, details: { content } });
    }
  }
  const usage = completion?.usage;
  return {
    input,
    output: {
      content,
      model: completion?.model ?? config.model,
      finishReason,
      usage: { promptTokens: usage?.prompt_tokens ?? null, completionTokens: usage?.completion_tokens ?? null, totalTokens: usage?.total_tokens ?? null },
    },
  };
};
