/**
 * Webhook intake: `POST /api/hooks/<token>` starts a run of the workflow whose
 * latest published version registered that token (see `registrations.ts`).
 *
 * Order of checks, each answering before any run exists: unknown token → 404;
 * method other than POST → 405; body over the trigger's limit → 413; signature
 * required and missing or wrong → 401; body not JSON → 400, or not a JSON object → 422;
 * input refused by the run service → its status (422/409). Then the run starts and
 * the answer is `202 { runId, status, statusUrl }`, or with `respond: result` the
 * run's outcome `200 { runId, status, output, error }` once it ends, or 202 when
 * the wait runs out.
 *
 * Signature: header (default `X-Baton-Signature`) = `sha256=<hex HMAC-SHA256 of the raw body bytes>`,
 * keyed with the secret of the trigger's credential; compared in constant time.
 */
import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { App } from '../app';
import { errorJson, errorResponse, json, readBytes, decodeUtf8 } from '../rest/handler';
import { bus, channels } from '../events/bus';
import { parseJson } from '../http/json';
import { WEBHOOK_TOKEN_PATTERN, webhookTriggerConfig, type WebhookTriggerConfig } from '@/lib/nodes/webhook-trigger/definition';
import { resolveWebhookSecret } from './webhook-secret';

/** Headers never copied into the run input (secrets). */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key']);

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'compensated']);

/**
 * Checks `sha256=<hex>` against the HMAC-SHA256 of `body` under `secret`, in constant time.
 * @returns false for a missing, malformed or wrong signature.
 */
export function verifySignature(body: Uint8Array, secret: string, header: string | null): boolean {
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header?.trim() ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(m[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `sha256=<hex>` for a body: what a sender puts in the signature header. */
export function signBody(body: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function notFound(): Response {
  return errorJson(404, 'not_found', 'no webhook is registered at this URL');
}

/**
 * Handles one webhook request end to end.
 * @param token the last path segment of `/api/hooks/<token>`
 * @returns the HTTP response (always JSON); never throws.
 */
export async function handleWebhook(app: App, token: string, req: Request): Promise<Response> {
  try {
    const reg = WEBHOOK_TOKEN_PATTERN.test(token) ? app.triggers.webhook(token) : null;
    if (!reg) return notFound();
    if (req.method !== 'POST') return errorJson(405, 'method_not_allowed', `${req.method} is not supported here; use POST`, [], { Allow: 'POST' });

    let config: WebhookTriggerConfig;
    try {
      const loaded = app.runner.definitions.get(reg.workflowId, reg.version);
      config = webhookTriggerConfig.parse(loaded.configs.get(reg.nodeId) ?? {});
    } catch {
      return notFound(); // the registered version is gone: nothing listens here any more
    }

    const raw = await readBytes(req, config.maxBodyBytes);

    if (config.verifySignature) {
      const secret = resolveWebhookSecret(app, config.secretCredential);
      if (!secret) {
        console.error(`[baton] webhook of workflow ${reg.workflowId}: signing secret "${config.secretCredential}" not found; request refused`);
        return errorJson(500, 'internal', 'the webhook’s signing secret is not configured on the server; no run was started');
      }
      if (!verifySignature(raw, secret, req.headers.get(config.signatureHeader)))
        return errorJson(401, 'unauthorized', `missing or wrong signature: send ${config.signatureHeader}: sha256=<hex HMAC-SHA256 of the body>`, [{ path: ['headers', config.signatureHeader.toLowerCase()], message: 'signature does not match' }]);
    }

    const text = decodeUtf8(raw);
    let body: unknown = {};
    if (text.trim()) {
      try {
        body = parseJson(text);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        return errorJson(400, 'bad_request', `the request body is not valid JSON: ${reason}`, [{ path: [], message: `malformed JSON: ${reason}` }]);
      }
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return errorJson(422, 'invalid', 'the request body must be a JSON object (it becomes the run input)', [{ path: [], message: 'must be an object' }]);

    const headers: Record<string, string> = {};
    const hidden = config.signatureHeader.toLowerCase();
    req.headers.forEach((v, k) => {
      if (!HIDDEN_HEADERS.has(k) && k !== hidden) headers[k] = v;
    });
    const url = new URL(req.url);
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const input = { ...(body as Record<string, unknown>), _webhook: { headers, query, receivedAt: new Date().toISOString() } };

    // Subscribe before starting, so an end that happens at once is not missed.
    const ended = config.respond === 'result' ? waitForEnd(app, config.waitTimeoutMs) : null;
    let runId: string;
    try {
      ({ runId } = await app.runs.start({ workflowId: reg.workflowId, version: reg.version, input, startedBy: 'webhook', trigger: 'webhook' }));
    } catch (err) {
      ended?.cancel();
      throw err;
    }
    const statusUrl = `/api/v1/runs/${runId}`;
    if (ended) {
      const status = await ended.until(runId);
      if (status) {
        const run = app.runs.get(runId);
        return json({ runId, status: run.status, output: run.output, error: run.error }, 200);
      }
    }
    return json({ runId, status: 'running', statusUrl }, 202, { Location: statusUrl });
  } catch (err) {
    return errorResponse(err, req);
  }
}

/**
 * Waits for a run to reach a terminal status, listening on the bus (and checking the
 * database, the source of truth, on every signal and at the start).
 * @returns `until(runId)` resolves to the terminal status, or null after `timeoutMs` ms.
 */
function waitForEnd(app: App, timeoutMs: number) {
  const b = bus();
  let wanted: string | null = null;
  let resolve: (s: string | null) => void = () => {};
  const early = new Map<string, string>();
  const onStatus = (runId: string, status: string) => {
    if (!TERMINAL.has(status)) return;
    if (wanted === null) early.set(runId, status);
    else if (runId === wanted) resolve(status);
  };
  b.on(channels.runs, onStatus);
  const cancel = () => b.off(channels.runs, onStatus);
  return {
    cancel,
    until(runId: string): Promise<string | null> {
      wanted = runId;
      return new Promise<string | null>((r) => {
        let timer: NodeJS.Timeout | undefined;
        resolve = (s) => {
          clearTimeout(timer);
          cancel();
          r(s);
        };
        const already = early.get(runId) ?? app.runs.get(runId).status;
        if (TERMINAL.has(already)) return resolve(already);
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
    },
  };
}
