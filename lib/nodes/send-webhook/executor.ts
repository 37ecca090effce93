import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { SendWebhookConfig } from './definition';
import { evaluate, renderTemplate } from '../../expressions';
import type { Json } from '../../engine/types';
import { sendRequest, setDefaultHeader, statusError } from '../http/request';
import { applyCredential, resolveCredential } from '../http/auth';
import { absoluteUrl, evaluating, nodeWhere } from '../http/executor';
import { signWebhook, TIMESTAMP_HEADER } from './sign';

/**
 * POSTs the payload as JSON with `Idempotency-Key` and `X-Baton-Delivery` set to the
 * step's idempotency key (a receiver can drop duplicates after a crash re-delivery).
 * @throws StepError as the HTTP request node, plus `HTTP_3xx` for a redirect (not followed)
 *   and `PAYLOAD` when the payload expression gives nothing.
 */
export const executeSendWebhook: Executor<SendWebhookConfig> = async (config, ctx) => {
  const where = nodeWhere('Send webhook', ctx);
  const headers: Record<string, string> = {};
  const { url, payload } = await evaluating(where, async () => {
    const u = absoluteUrl(await renderTemplate(config.url, ctx.scope, `${where} URL`), ctx, where);
    for (const h of config.headers) headers[h.name] = await renderTemplate(h.value, ctx.scope, `${where} header ${h.name}`);
    return { url: u, payload: await evaluate(config.payload, ctx.scope, `${where} payload`) };
  });
  if (payload === undefined) throw new StepError(`${where}: the payload expression gave no value`, { code: 'PAYLOAD' });
  const body = JSON.stringify(payload);
  setDefaultHeader(headers, 'Content-Type', 'application/json');
  setDefaultHeader(headers, 'Idempotency-Key', ctx.idempotencyKey);
  headers['X-Baton-Delivery'] = ctx.idempotencyKey;
  const credential = await resolveCredential(ctx, config.credentialId, where);
  let sensitive: string[] = [];
  if (credential?.type === 'hmac') {
    const timestamp = Math.floor((ctx.now?.() ?? Date.now()) / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[credential.data.header || 'X-Baton-Signature'] = signWebhook(credential.data.secret ?? '', timestamp, body);
  } else if (credential) {
    sensitive = [applyCredential(headers, credential, where)];
  }
  const input: Json = { method: 'POST', url: url.href, headers, body: payload as Json };
  const res = await sendRequest(
    { method: 'POST', url: url.href, headers, body, timeoutMs: config.timeoutMs, maxResponseBytes: 1024 * 1024, maxRedirects: 0, responseType: 'auto', sensitiveHeaders: sensitive },
    { signal: ctx.signal, where, input, log: ctx.log, baseUrl: ctx.baseUrl },
  );
  const output: Json = { status: res.status, headers: res.headers, body: res.body, url: res.url };
  const err = statusError(res, 'POST', { where, input, nowMs: ctx.now?.() ?? Date.now() });
  if (err) throw err;
  if (res.status >= 300)
    throw new StepError(`${where}: the receiver answered ${res.status} (redirect to ${res.headers.location ?? 'nowhere'}); webhooks do not follow redirects, use the final URL`, {
      code: `HTTP_${res.status}`,
      input,
      details: output,
    });
  return { output, input };
};
