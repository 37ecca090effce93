/**
 * Webhook intake: `POST /api/hooks/<token>` starts a run of the workflow whose
 * latest published version registered that token (see `registrations.ts`).
 *
 * Order of checks, each answering before any run exists: unknown token → 404;
 * method other than POST → 405; body over the trigger's limit → 413; signature
 * required and the timestamp missing or outside the window, or the signature missing or
 * wrong → 401; body not JSON → 400, or not a JSON object → 422; malformed
 * `Idempotency-Key` → 400; the key already used with another request → 422; a signature
 * that already started a run → 409; input refused by the run service → its status
 * (422/409). A repeat of an Idempotency-Key answers as the first request did, with the
 * first run (header `Idempotent-Replayed: true`) and starts nothing. Otherwise the run
 * starts and the answer is `202 { runId, status, statusUrl }`, or with `respond: result`
 * the run's outcome `200 { runId, status, output, error }` once it ends, or 202 when
 * the wait runs out.
 *
 * Signature: `X-Baton-Timestamp: <Unix seconds>` and the signature header (default
 * `X-Baton-Signature`) = `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body bytes>">`, keyed
 * with the secret of the trigger's credential; compared in constant time. Replay rules
 * and their limits: `webhook-replay.ts`. The receipts (key → run, used signature → run)
 * are written in the transaction that inserts the run, so concurrent repeats start one run.
 */
import 'server-only';
import type { App } from '../app';
import { errorJson, errorResponse, json, readBytes, decodeUtf8 } from '../rest/handler';
import { bus, channels } from '../events/bus';
import { parseJson } from '../http/json';
import { WEBHOOK_TOKEN_PATTERN, webhookTriggerConfig, type WebhookTriggerConfig } from '@/lib/nodes/webhook-trigger/definition';
import { TIMESTAMP_HEADER } from '@/lib/nodes/send-webhook/sign';
import type { Receipt, ReceiptDraft, ReceiptScope } from '../storage/ports/triggers';
import { ReceiptHeld } from '../storage/trigger-errors';
import { resolveWebhookSecret } from './webhook-secret';
import { checkSignedRequest, IDEMPOTENCY_HEADER, keyReusedRefusal, parseIdempotencyKey, replayedRefusal, replayLimits, requestHash, type Refusal } from './webhook-replay';

/** Headers never copied into the run input (secrets). */
const HIDDEN_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key']);

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'compensated']);

const refused = (r: Refusal): Response => errorJson(r.status, r.code, r.message, r.issues);

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
    const reg = WEBHOOK_TOKEN_PATTERN.test(token) ? await app.triggers.webhook(token) : null;
    if (!reg) return notFound();
    if (req.method !== 'POST') return errorJson(405, 'method_not_allowed', `${req.method} is not supported here; use POST`, [], { Allow: 'POST' });

    let config: WebhookTriggerConfig;
    try {
      const loaded = await app.runner.definitions.get(reg.workflowId, reg.version);
      config = webhookTriggerConfig.parse(loaded.configs.get(reg.nodeId) ?? {});
    } catch {
      return notFound(); // the registered version is gone: nothing listens here any more
    }

    const raw = await readBytes(req, config.maxBodyBytes);

    const now = app.webhookReceipts.clock();
    const limits = replayLimits();
    let signed: { signature: string; timestampS: number } | null = null;
    if (config.verifySignature) {
      const secret = await resolveWebhookSecret(app, config.secretCredential);
      if (!secret) {
        console.error(`[baton] webhook of workflow ${reg.workflowId}: signing secret "${config.secretCredential}" not found; request refused`);
        return errorJson(500, 'internal', 'the webhook’s signing secret is not configured on the server; no run was started');
      }
      const checked = checkSignedRequest({
        body: raw,
        secret,
        signatureHeader: config.signatureHeader,
        signature: req.headers.get(config.signatureHeader),
        timestamp: req.headers.get(TIMESTAMP_HEADER),
        nowMs: now,
        toleranceS: limits.toleranceS,
      });
      if (!checked.ok) return refused(checked.refusal);
      signed = checked;
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

    const idempotency = parseIdempotencyKey(req.headers.get(IDEMPOTENCY_HEADER));
    if ('refusal' in idempotency) return refused(idempotency.refusal);
    const url = new URL(req.url);
    const scope: ReceiptScope = { workflowId: reg.workflowId, nodeId: reg.nodeId };
    const receipts: ReceiptDraft[] = [];
    if (idempotency.key) receipts.push({ kind: 'key', key: idempotency.key, requestHash: requestHash(url.search, raw), expiresAt: now + limits.idempotencyTtlMs });
    // A used signature is remembered until its timestamp leaves the window (then the window refuses it).
    if (signed) receipts.push({ kind: 'signature', key: signed.signature, requestHash: '', expiresAt: (signed.timestampS + limits.toleranceS + 1) * 1000 });
    // Fast path for repeats; the insert transaction checks again (concurrent repeats).
    for (const r of receipts) {
      const held = await app.webhookReceipts.find(scope, r.kind, r.key, now);
      if (held) return answerRepeat(app, config, held, receipts);
    }

    const headers: Record<string, string> = {};
    const hidden = config.signatureHeader.toLowerCase();
    req.headers.forEach((v, k) => {
      if (!HIDDEN_HEADERS.has(k) && k !== hidden) headers[k] = v;
    });
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const input = { ...(body as Record<string, unknown>), _webhook: { headers, query, receivedAt: new Date().toISOString() } };

    // Subscribe before starting, so an end that happens at once is not missed.
    const ended = config.respond === 'result' ? waitForEnd(app, config.waitTimeoutMs) : null;
    // The receipts commit with the run, or refuse it when a concurrent repeat recorded one first.
    const guards = receipts.length ? () => [app.webhookReceipts.guard(scope, receipts, now)] : undefined;
    let runId: string;
    try {
      ({ runId } = await app.runs.start({ workflowId: reg.workflowId, version: reg.version, input, startedBy: 'webhook', trigger: 'webhook', guards }));
    } catch (err) {
      ended?.cancel();
      if (err instanceof ReceiptHeld) return answerRepeat(app, config, err.receipt, receipts);
      throw err;
    }
    return answerRun(app, runId, ended);
  } catch (err) {
    return errorResponse(err, req);
  }
}

/**
 * The answer about a run a webhook request started (or, for a repeat, started first):
 * with a waiter (`respond: result`) the outcome once the run ends within the wait,
 * else `202 { runId, status: 'running', statusUrl }`.
 */
async function answerRun(app: App, runId: string, ended: ReturnType<typeof waitForEnd> | null, extra: Record<string, string> = {}): Promise<Response> {
  const statusUrl = `/api/v1/runs/${runId}`;
  if (ended) {
    const status = await ended.until(runId);
    if (status) {
      const run = await app.runs.outcome(runId);
      return json({ runId, status: run.status, output: run.output, error: run.error }, 200, extra);
    }
  }
  return json({ runId, status: 'running', statusUrl }, 202, { Location: statusUrl, ...extra });
}

/**
 * A request whose receipt is already held: the same Idempotency-Key and request → the
 * first run's answer (waiting for its result again with `respond: result`); the key with
 * another request → 422; a used signature → 409.
 */
function answerRepeat(app: App, config: WebhookTriggerConfig, held: Receipt, mine: ReceiptDraft[]): Promise<Response> | Response {
  if (held.kind === 'signature') return refused(replayedRefusal(config.signatureHeader, held.runId));
  const hash = mine.find((r) => r.kind === 'key')?.requestHash;
  if (held.requestHash !== hash) return refused(keyReusedRefusal(held.runId));
  return answerRun(app, held.runId, config.respond === 'result' ? waitForEnd(app, config.waitTimeoutMs) : null, { 'Idempotent-Replayed': 'true' });
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
      return new Promise<string | null>((r, reject) => {
        let timer: NodeJS.Timeout | undefined;
        let done = false;
        resolve = (s) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          cancel();
          r(s);
        };
        const seen = early.get(runId);
        const already = seen !== undefined ? Promise.resolve(seen) : app.runs.get(runId).then((run) => run.status);
        already.then(
          (status) => {
            if (done) return;
            if (TERMINAL.has(status)) return resolve(status);
            timer = setTimeout(() => resolve(null), timeoutMs);
          },
          (err: unknown) => {
            if (done) return;
            done = true;
            cancel();
            reject(err);
          },
        );
      });
    },
  };
}
