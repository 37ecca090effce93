import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { credentialField, expressionField, retryPolicyField, templateField } from '../fields';
import { headersField, timeoutField } from '../http/definition';

/**
 * Send webhook: POSTs a JSON payload to a URL (a template) through the same outbound
 * client and guard as the HTTP request node. A stored credential either signs the body
 * (HMAC-SHA256, `hmac` credentials; see `./sign.ts`) or authenticates the request
 * (bearer, basic, API-key header). Redirects are not followed: a 3xx answer fails the
 * step like any status outside 2xx. Retry meaning as the HTTP node (network errors,
 * timeouts, 408, 429 with `Retry-After`, 5xx). Output: `{ status, headers, body, url }`.
 * Ports: `out`, `error`.
 */
export const sendWebhookConfig = z.object({
  url: templateField(
    { title: 'URL', description: 'The receiver. May contain {{ expressions }}', placeholder: 'https://hooks.example.com/baton/{{ $input.team }}' },
    { required: true, max: 4000 },
  ),
  payload: expressionField(
    { title: 'Payload', description: 'JSONata expression; its result is sent as the JSON body', placeholder: '{ "event": "order.approved", "order": $input }' },
    { required: true },
  ),
  credentialId: credentialField({
    title: 'Signing / authentication',
    description: 'HMAC secret: signs the body (X-Baton-Signature). Bearer, basic or API key: authenticates the request',
    types: ['hmac', 'bearer', 'basic', 'apiKey'],
  }),
  headers: headersField(),
  timeoutMs: timeoutField(10_000),
  retry: retryPolicyField(),
});
export type SendWebhookConfig = z.infer<typeof sendWebhookConfig>;

export const sendWebhook = defineNodeType({
  type: 'sendWebhook',
  label: 'Send webhook',
  description: 'POSTs a JSON event to a URL, optionally signed with HMAC.',
  keywords: ['notify', 'post', 'callback', 'http', 'slack', 'message'],
  category: 'Actions',
  icon: 'send',
  accent: '#14b8a6',
  behavior: 'task',
  configSchema: sendWebhookConfig,
  defaults: (): SendWebhookConfig => ({ url: '', payload: '{ "runId": $run.id, "input": $input }', credentialId: '', headers: [], timeoutMs: 10_000 }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => `POST ${c.url || '(no URL)'}`,
});
