import { z } from 'zod';
import { COMPENSATION_PORT, defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { expressionField, retryPolicyField, templateField } from '../fields';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * HTTP request: calls a URL with a real `fetch`. The URL and header values are
 * templates (`{{ $input.id }}`); the body is a JSONata expression whose result is
 * sent as JSON. A relative URL (`/api/demo/...`) is resolved against Baton's own
 * address. Output: `{ status, headers, body }` (body parsed as JSON when the
 * response says so). A status of 400 or more fails the step unless
 * `failOnHttpError` is off. The attempt is aborted after `timeoutMs` milliseconds.
 * With `retry`, network errors, timeouts, 429 (honouring `Retry-After`) and 5xx are
 * retried with backoff; other 4xx are not. Ports: `out`, `error` (after the last
 * attempt failed), `compensation` (to an undo handler).
 */
export const httpConfig = z.object({
  method: z.enum(HTTP_METHODS).default('GET').meta({ title: 'Method' }),
  url: templateField(
    { title: 'URL', description: 'Absolute, or relative to Baton itself. May contain {{ expressions }}', placeholder: 'https://api.example.com/items/{{ $input.id }}' },
    { required: true, max: 4000 },
  ),
  headers: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'Header name is required').max(200).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name').meta({ title: 'Name' }),
        value: templateField({ title: 'Value' }, { max: 4000 }),
      }),
    )
    .max(50)
    .default([])
    .meta({ title: 'Headers' }),
  body: expressionField({
    title: 'JSON body',
    description: 'JSONata expression; its result is sent as JSON. Leave empty for no body',
    placeholder: '{ "email": $input.email }',
  }).default(''),
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000).meta({ title: 'Timeout (ms)', description: 'Per attempt, 100 to 300000' }),
  failOnHttpError: z.boolean().default(true).meta({ title: 'Fail on HTTP error', description: 'Fail the step when the status is 400 or more' }),
  retry: retryPolicyField(),
});
export type HttpConfig = z.infer<typeof httpConfig>;

export const http = defineNodeType({
  type: 'http',
  label: 'HTTP request',
  description: 'Calls an HTTP API and returns its status, headers and body.',
  category: 'Actions',
  icon: 'globe',
  accent: '#3b82f6',
  behavior: 'task',
  configSchema: httpConfig,
  defaults: (): HttpConfig => ({ method: 'GET', url: '', headers: [], body: '', timeoutMs: 10_000, failOnHttpError: true }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT, COMPENSATION_PORT],
  summary: (c) => `${c.method} ${c.url || '(no URL)'}`,
});
