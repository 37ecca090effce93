import { z } from 'zod';
import { defineNodeType, OUT_PORT } from '../types';
import { credentialField } from '../fields';

/** Largest webhook body Baton accepts, bytes (the run input limit). */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** Longest a webhook caller may be kept waiting for the run's result, ms. */
export const MAX_WEBHOOK_WAIT_MS = 60_000;
export const WEBHOOK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{24,64}$/;

/** A new unguessable webhook token: 24 random bytes, base64url (32 characters). */
export function newWebhookToken(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The path a webhook with this token listens on, relative to the server's origin. */
export function webhookPath(token: string): string {
  return `/api/hooks/${token}`;
}

/**
 * Webhook trigger: starts a run of the latest published version when a system POSTs
 * JSON to `/api/hooks/<token>`. The token is part of the node's config, generated
 * when the node is added, and registered when the workflow is published.
 * Output (= run input): the JSON body object, plus `_webhook: { headers, query, receivedAt }`
 * (headers lower-cased, without `authorization`, `cookie` and the signature header).
 * Signed requests carry `X-Baton-Timestamp` and are accepted once; any request may carry
 * `Idempotency-Key` (see `server/triggers/webhook-replay.ts`).
 */
export const webhookTriggerConfig = z
  .object({
    token: z
      .string()
      .regex(WEBHOOK_TOKEN_PATTERN, 'Token must be 24–64 letters, digits, _ or -: generate a new one')
      .meta({ title: 'Webhook URL', description: 'POST JSON here to start a run (active once published). Anyone with the URL can start runs: keep it secret, or require a signature.', widget: 'webhookToken' }),
    respond: z
      .enum(['accepted', 'result'])
      .default('accepted')
      .meta({ title: 'Respond', description: 'accepted: answer 202 with the run id at once. result: wait for the run to finish and answer with its output.' }),
    waitTimeoutMs: z
      .number()
      .int('Wait (ms) must be a whole number')
      .min(100, 'Wait (ms) must be at least 100')
      .max(MAX_WEBHOOK_WAIT_MS, `Wait (ms) must be at most ${MAX_WEBHOOK_WAIT_MS}`)
      .default(10_000)
      .meta({ title: 'Wait for result (ms)', description: 'With "result": longest wait; after it the answer is 202 with the run id and a status URL' }),
    verifySignature: z
      .boolean()
      .default(false)
      .meta({
        title: 'Require HMAC signature',
        description:
          'Refuse requests (401) not signed with the shared secret: X-Baton-Timestamp (Unix seconds, within 5 minutes of the server’s clock) and an HMAC-SHA256 of "<timestamp>.<body>", as the Send webhook node signs. A signed request is accepted once.',
      }),
    signatureHeader: z
      .string()
      .trim()
      .max(100)
      .regex(/^[A-Za-z0-9-]*$/, 'A header name: letters, digits and - only')
      .default('X-Baton-Signature')
      .meta({ title: 'Signature header', description: 'Holds sha256=<hex HMAC-SHA256 of "<X-Baton-Timestamp>.<raw body>">', placeholder: 'X-Baton-Signature' }),
    secretCredential: credentialField({ title: 'Secret credential', description: 'The stored HMAC credential whose secret signs the timestamp and body', types: ['hmac'] }),
    maxBodyBytes: z
      .number()
      .int('Body limit must be a whole number')
      .min(1, 'Body limit must be at least 1 byte')
      .max(MAX_WEBHOOK_BODY_BYTES, `Body limit must be at most ${MAX_WEBHOOK_BODY_BYTES} bytes`)
      .default(MAX_WEBHOOK_BODY_BYTES)
      .meta({ title: 'Body limit (bytes)', description: 'Larger bodies are refused with 413' }),
  })
  .superRefine((c, ctx) => {
    if (c.verifySignature && !c.secretCredential)
      ctx.addIssue({ code: 'custom', path: ['secretCredential'], message: 'Choose the credential that holds the signing secret, or turn off the signature check' });
    if (c.verifySignature && !c.signatureHeader)
      ctx.addIssue({ code: 'custom', path: ['signatureHeader'], message: 'Signature header is required when the signature is checked' });
  });
export type WebhookTriggerConfig = z.infer<typeof webhookTriggerConfig>;

export const webhookTrigger = defineNodeType({
  type: 'webhookTrigger',
  label: 'Webhook trigger',
  description: 'Starts a run when another system POSTs JSON to this workflow’s URL.',
  keywords: ['http', 'incoming', 'api', 'endpoint', 'callback', 'start'],
  category: 'Triggers',
  icon: 'webhook',
  accent: '#10b981',
  behavior: 'trigger',
  configSchema: webhookTriggerConfig,
  defaults: () => ({
    token: newWebhookToken(),
    respond: 'accepted' as const,
    waitTimeoutMs: 10_000,
    verifySignature: false,
    signatureHeader: 'X-Baton-Signature',
    secretCredential: '',
    maxBodyBytes: MAX_WEBHOOK_BODY_BYTES,
  }),
  inputs: () => [],
  outputs: () => [OUT_PORT],
  summary: (c) => `POST ${webhookPath(c.token ? `${String(c.token).slice(0, 6)}…` : '…')}${c.verifySignature ? ' · signed' : ''}`,
});
