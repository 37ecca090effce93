import { z } from 'zod';
import { COMPENSATION_PORT, defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { credentialField, expressionField, retryPolicyField, templateField } from '../fields';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export const BODY_TYPES = ['json', 'form', 'text'] as const;
export const RESPONSE_TYPES = ['auto', 'json', 'text', 'binary'] as const;

/** A header name as HTTP allows it (RFC 9110 token). */
export const headerNameSchema = z
  .string()
  .trim()
  .min(1, 'Header name is required')
  .max(200)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid header name')
  .meta({ title: 'Name' });

/** `[{ name, value }]` request headers whose values are templates. */
export function headersField() {
  return z
    .array(z.object({ name: headerNameSchema, value: templateField({ title: 'Value' }, { max: 4000 }) }))
    .max(50)
    .default([])
    .meta({ title: 'Headers' });
}

/** Per-attempt timeout in ms (100 to 300000). */
export function timeoutField(defaultMs: number) {
  return z
    .number()
    .int('Timeout (ms) must be a whole number')
    .min(100, 'Timeout (ms) must be at least 100')
    .max(300_000, 'Timeout (ms) must be at most 300000')
    .default(defaultMs)
    .meta({ title: 'Timeout (ms)', description: 'Per attempt, including redirects and reading the response; 100 to 300000' });
}

/**
 * HTTP request: calls a URL. The URL, query values and header values are templates
 * (`{{ $input.id }}`); the body is a JSONata expression whose result is sent as JSON,
 * as a urlencoded form (an object) or as text. A relative URL (`/api/demo/...`) is
 * resolved against Baton's own address. A stored credential (bearer, basic, API-key
 * header) authenticates the request. Every destination passes the outbound guard
 * (`./guard.ts`). Output: `{ status, headers, body, url }`, the body parsed by content
 * type (`responseType`). A status of 400 or more fails the step unless
 * `failOnHttpError` is off. With `retry`, network errors, timeouts, 408, 429
 * (honouring `Retry-After`) and 5xx are retried with backoff; other 4xx are not.
 * Ports: `out`, `error` (after the last attempt failed), `compensation` (to an undo handler).
 */
export const httpConfig = z.object({
  method: z.enum(HTTP_METHODS).default('GET').meta({ title: 'Method' }),
  url: templateField(
    { title: 'URL', description: 'Absolute, or relative to Baton itself. May contain {{ expressions }}', placeholder: 'https://api.example.com/items/{{ $input.id }}' },
    { required: true, max: 4000 },
  ),
  query: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'Parameter name is required').max(200).meta({ title: 'Name' }),
        value: templateField({ title: 'Value' }, { max: 4000 }),
      }),
    )
    .max(50)
    .default([])
    .meta({ title: 'Query parameters', description: 'Added to the URL, encoded' }),
  headers: headersField(),
  credentialId: credentialField({ title: 'Authentication', description: 'A stored credential: bearer token, basic auth or API-key header', types: ['bearer', 'basic', 'apiKey'] }),
  bodyType: z.enum(BODY_TYPES).default('json').meta({ title: 'Body type', description: 'json: the result as JSON; form: an object as application/x-www-form-urlencoded; text: a string as text/plain' }),
  body: expressionField({
    title: 'Body',
    description: 'JSONata expression giving the body. Leave empty for no body; not sent with GET and HEAD',
    placeholder: '{ "email": $input.email }',
  }).default(''),
  responseType: z.enum(RESPONSE_TYPES).default('auto').meta({ title: 'Response', description: 'auto: by Content-Type (JSON, text, else base64); or always json, text or binary' }),
  timeoutMs: timeoutField(10_000),
  maxResponseBytes: z
    .number()
    .int('Max response size must be a whole number')
    .min(1, 'Max response size must be at least 1 byte')
    .max(50 * 1024 * 1024, 'Max response size must be at most 52428800 (50 MB)')
    .default(5 * 1024 * 1024)
    .meta({ title: 'Max response size (bytes)', description: 'A larger response fails the step; at most 50 MB' }),
  maxRedirects: z
    .number()
    .int('Redirects must be a whole number')
    .min(0, 'Redirects must not be negative')
    .max(20, 'Redirects must be at most 20')
    .default(5)
    .meta({ title: 'Follow redirects', description: 'Most redirects followed; 0 returns the 3xx response itself' }),
  failOnHttpError: z.boolean().default(true).meta({ title: 'Fail on HTTP error', description: 'Fail the step when the status is 400 or more' }),
  retry: retryPolicyField(),
});
export type HttpConfig = z.infer<typeof httpConfig>;

export const http = defineNodeType({
  type: 'http',
  label: 'HTTP request',
  description: 'Calls an HTTP API and returns its status, headers and body.',
  keywords: ['api', 'rest', 'request', 'fetch', 'call', 'get', 'post', 'url', 'service'],
  category: 'Actions',
  icon: 'globe',
  accent: '#3b82f6',
  behavior: 'task',
  configSchema: httpConfig,
  defaults: (): HttpConfig => ({
    method: 'GET',
    url: '',
    query: [],
    headers: [],
    credentialId: '',
    bodyType: 'json',
    body: '',
    responseType: 'auto',
    timeoutMs: 10_000,
    maxResponseBytes: 5 * 1024 * 1024,
    maxRedirects: 5,
    failOnHttpError: true,
  }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT, COMPENSATION_PORT],
  summary: (c) => `${c.method} ${c.url || '(no URL)'}`,
});
