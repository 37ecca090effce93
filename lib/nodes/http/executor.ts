import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { HttpConfig } from './definition';
import { evaluate, renderTemplate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';
import { parseRetryAfter } from './retry-after';

/** Largest response body read, bytes. Bigger responses fail the step rather than exhaust memory. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

async function readLimited(res: Response, limit: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new StepError(`response body is larger than ${limit} bytes`, { code: 'RESPONSE_TOO_LARGE' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends the request with a real `fetch`. Output `{ status, headers, body }`.
 * Sends `Idempotency-Key: <runId>:<stepId>` so a step re-executed after a crash can be
 * de-duplicated by the receiver.
 * @throws StepError on expression errors, network errors, timeouts and (by default) HTTP status >= 400.
 */
export const executeHttp: Executor<HttpConfig> = async (config, ctx) => {
  const where = (field: string) => `HTTP request "${ctx.label}" (${ctx.nodeId}) ${field}`;
  let url: string;
  let body: unknown = undefined;
  const headers: Record<string, string> = {};
  try {
    const rendered = (await renderTemplate(config.url, ctx.scope, where('URL'))).trim();
    url = new URL(rendered, ctx.baseUrl).toString();
    for (const h of config.headers) headers[h.name] = await renderTemplate(h.value, ctx.scope, where(`header ${h.name}`));
    if (config.body.trim() && config.method !== 'GET') body = await evaluate(config.body, ctx.scope, where('body'));
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: 'EXPRESSION' });
    throw new StepError(`${where('URL')}: ${(err as Error).message}`, { code: 'BAD_URL' });
  }
  if (!/^https?:$/.test(new URL(url).protocol)) throw new StepError(`${where('URL')}: only http and https are allowed`, { code: 'BAD_URL' });
  headers['Idempotency-Key'] ??= ctx.idempotencyKey;
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const input: Json = { method: config.method, url, headers, body: (body ?? null) as Json };

  const timeout = AbortSignal.timeout(config.timeoutMs);
  const signal = AbortSignal.any([timeout, ctx.signal]);
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(url, { method: config.method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, redirect: 'follow' });
  } catch (err) {
    if (timeout.aborted) throw new StepError(`${where("")}timed out after ${config.timeoutMs} ms`, { code: 'TIMEOUT', retryable: true, input });
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new StepError(`${where("")}network error: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { code: 'NETWORK', retryable: true, input });
  }
  let text: string;
  try {
    text = await readLimited(res, MAX_RESPONSE_BYTES);
  } catch (err) {
    if (err instanceof StepError) throw new StepError(`${where("")}${err.message}`, { ...err.opts, input });
    if (timeout.aborted) throw new StepError(`${where("")}timed out after ${config.timeoutMs} ms`, { code: 'TIMEOUT', retryable: true, input });
    throw new StepError(`${where("")}reading the response failed: ${(err as Error).message}`, { code: 'NETWORK', retryable: true, input });
  }
  const contentType = res.headers.get('content-type') ?? '';
  let parsed: Json = text;
  if (/\bjson\b/i.test(contentType) && text.length) {
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = text;
    }
  }
  const resHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => (resHeaders[k] = v));
  ctx.log(`${config.method} ${url} → ${res.status} in ${Date.now() - started} ms`);
  const output: Json = { status: res.status, headers: resHeaders, body: parsed };
  if (res.status >= 400 && config.failOnHttpError) {
    // Transient: 429 (rate limited, honouring Retry-After) and 5xx; other 4xx are the request's fault.
    const retryable = res.status === 429 || res.status >= 500;
    const retryAfterMs = retryable ? parseRetryAfter(res.headers.get('retry-after'), ctx.now?.() ?? Date.now()) : undefined;
    throw new StepError(`${where("")}HTTP ${res.status} ${res.statusText} from ${config.method} ${url}`, {
      code: `HTTP_${res.status}`,
      retryable,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      input,
      details: output,
    });
  }
  return { output, input };
};
