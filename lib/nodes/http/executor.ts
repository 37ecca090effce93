import 'server-only';
import type { Executor, ExecutorContext } from '../executor';
import { StepError } from '../executor';
import type { HttpConfig } from './definition';
import { evaluate, renderTemplate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';
import { sendRequest, setDefaultHeader, statusError, DEFAULT_MAX_RESPONSE_BYTES } from './request';
import { applyCredential, resolveCredential } from './auth';

/** Largest response body read by default, bytes. */
export const MAX_RESPONSE_BYTES = DEFAULT_MAX_RESPONSE_BYTES;

/** `HTTP request "Label" (id)`: the prefix of this node's messages. */
export function nodeWhere(kind: string, ctx: ExecutorContext): string {
  return `${kind} "${ctx.label}" (${ctx.nodeId})`;
}

/** Evaluates templates and expressions; expression failures become `EXPRESSION` step errors. */
export async function evaluating<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    if (err instanceof StepError) throw err;
    throw new StepError(`${where}: ${(err as Error).message}`, { code: 'BAD_URL' });
  }
}

/** A relative URL resolved against Baton's own address; only http and https. @throws StepError `BAD_URL` */
export function absoluteUrl(raw: string, ctx: ExecutorContext, where: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim(), ctx.baseUrl);
  } catch {
    throw new StepError(`${where} URL: "${raw}" is not a valid URL`, { code: 'BAD_URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StepError(`${where} URL: only http and https are allowed`, { code: 'BAD_URL' });
  return url;
}

/** An object of scalars (arrays repeat the key) as `application/x-www-form-urlencoded`. @throws StepError `BAD_BODY` */
function formBody(value: unknown, where: string): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new StepError(`${where} body: a form body must be an object of field values, got ${Array.isArray(value) ? 'an array' : typeof value}`, { code: 'BAD_BODY' });
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(value)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item === null || item === undefined) continue;
      if (typeof item === 'object') throw new StepError(`${where} body: form field "${k}" must be text, a number or a boolean`, { code: 'BAD_BODY' });
      params.append(k, String(item));
    }
  }
  return params.toString();
}

/**
 * Sends the request and returns `{ status, headers, body, url }` (`url`: after
 * redirects). Sends `Idempotency-Key: <runId>:<stepId>` so a step re-executed after a
 * crash can be de-duplicated by the receiver.
 * @throws StepError on expression errors (`EXPRESSION`), bad URLs or bodies, blocked
 *   destinations (`BLOCKED`), network errors and timeouts (retryable), oversized
 *   responses, and (unless `failOnHttpError` is off) statuses ≥ 400 (`HTTP_<status>`).
 */
export const executeHttp: Executor<HttpConfig> = async (config, ctx) => {
  const where = nodeWhere('HTTP request', ctx);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  const url = await evaluating(where, async () => {
    const u = absoluteUrl(await renderTemplate(config.url, ctx.scope, `${where} URL`), ctx, where);
    for (const q of config.query ?? []) u.searchParams.append(q.name, await renderTemplate(q.value, ctx.scope, `${where} query ${q.name}`));
    for (const h of config.headers) headers[h.name] = await renderTemplate(h.value, ctx.scope, `${where} header ${h.name}`);
    if (config.body.trim() && config.method !== 'GET' && config.method !== 'HEAD') {
      const value = await evaluate(config.body, ctx.scope, `${where} body`);
      if (config.bodyType === 'form') {
        body = formBody(value, where);
        setDefaultHeader(headers, 'Content-Type', 'application/x-www-form-urlencoded');
      } else if (config.bodyType === 'text') {
        body = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
        setDefaultHeader(headers, 'Content-Type', 'text/plain; charset=utf-8');
      } else {
        body = JSON.stringify(value ?? null);
        setDefaultHeader(headers, 'Content-Type', 'application/json');
      }
    }
    return u;
  });
  setDefaultHeader(headers, 'Idempotency-Key', ctx.idempotencyKey);
  const credential = await resolveCredential(ctx, config.credentialId, where);
  const authHeader = credential ? applyCredential(headers, credential, where) : undefined;
  const input: Json = { method: config.method, url: url.href, headers, body: body === undefined ? null : config.bodyType === 'json' ? (JSON.parse(body) as Json) : body };

  const res = await sendRequest(
    {
      method: config.method,
      url: url.href,
      headers,
      body,
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes ?? MAX_RESPONSE_BYTES,
      maxRedirects: config.maxRedirects ?? 5,
      responseType: config.responseType ?? 'auto',
      sensitiveHeaders: authHeader ? [authHeader] : [],
    },
    { signal: ctx.signal, where, input, log: ctx.log, baseUrl: ctx.baseUrl },
  );
  const output: Json = { status: res.status, headers: res.headers, body: res.body, url: res.url };
  if (config.failOnHttpError) {
    const err = statusError(res, config.method, { where, input, nowMs: ctx.now?.() ?? Date.now() });
    if (err) throw err;
  }
  return { output, input };
};
