/** The HTTP request executor against real HTTP servers on 127.0.0.1. */
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutorContext } from '../executor';
import { StepError } from '../executor';
import { executeHttp } from './executor';
import { httpConfig, type HttpConfig } from './definition';
import { BINARY_INLINE_LIMIT } from './request';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';

type Server = Awaited<ReturnType<typeof startServer>>;
let api: Server;
let other: Server;

const CREDS: Record<string, { type: string; data: Record<string, string> }> = {
  cred_bearer: { type: 'bearer', data: { token: 'tok-abc-123' } },
  cred_basic: { type: 'basic', data: { username: 'ana', password: 'pa:ss' } },
  cred_key: { type: 'apiKey', data: { header: 'X-Api-Key', value: 'k-999' } },
  cred_hmac: { type: 'hmac', data: { header: 'X-Sig', secret: 'shh-secret' } },
};

function ctx(input: unknown = {}): ExecutorContext {
  return {
    runId: 'r1', stepId: 'call#1', nodeId: 'call', label: 'Call', attempt: 1, idempotencyKey: 'r1:call#1',
    signal: new AbortController().signal,
    scope: { input, steps: {}, vars: {}, run: { id: 'r1', workflowId: 'wf', version: 1, startedAt: new Date(0).toISOString() } },
    baseUrl: api.url, log: () => {}, now: () => Date.UTC(2025, 0, 1),
    credential: async (id) => {
      const c = CREDS[id];
      if (!c) throw new StepError(`credential ${id} does not exist`, { code: 'CREDENTIAL_NOT_FOUND' });
      return c;
    },
  };
}

const config = (c: Partial<HttpConfig>): HttpConfig => httpConfig.parse({ url: '/', ...c });

async function stepError(p: Promise<unknown>): Promise<StepError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StepError) return err;
    throw err;
  }
  throw new Error('expected a StepError');
}

beforeAll(async () => {
  api = await startServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    const p = u.pathname;
    if (p === '/echo') return sendJson(res, 200, { method: req.method, query: Object.fromEntries(u.searchParams), headers: req.headers, body: req.body });
    if (p === '/text') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('héllo');
    if (p === '/bad-json') return res.writeHead(200, { 'content-type': 'application/json' }).end('{oops');
    if (p === '/png') return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    if (p === '/big-binary') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(BINARY_INLINE_LIMIT + 1));
    if (p === '/gzip') return res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(zlib.gzipSync(JSON.stringify({ zipped: true })));
    if (p === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('x'.repeat(5000));
    }
    if (p === '/slow') return setTimeout(() => sendJson(res, 200, {}), 2000);
    const status = /^\/status\/(\d+)$/.exec(p);
    if (status) return sendJson(res, Number(status[1]), { error: 'nope' }, Number(status[1]) === 503 ? { 'retry-after': '7' } : {});
    if (p === '/redirect') return res.writeHead(302, { location: u.searchParams.get('to') ?? '/echo' }).end();
    if (p === '/see-other') return res.writeHead(303, { location: '/echo' }).end();
    if (p === '/keep') return res.writeHead(307, { location: '/echo' }).end();
    if (p === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    sendJson(res, 404, { error: 'no route' });
  });
  other = await startServer((req, res) => sendJson(res, 200, { headers: req.headers }));
});

afterAll(async () => {
  await api.close();
  await other.close();
});

afterEach(() => {
  delete process.env.BATON_HTTP_DENY;
  delete process.env.BATON_HTTP_ALLOW;
});

describe('HTTP request: request building', () => {
  it('adds query parameters and sends a JSON body with the idempotency key', async () => {
    const r = await executeHttp(config({ method: 'POST', url: '/echo?a=1', query: [{ name: 'q', value: '{{ $input.term }}' }], body: '{ "n": $input.n }' }), ctx({ term: 'a b&c', n: 2 }));
    const out = (r as { output: { status: number; body: Record<string, unknown>; url: string } }).output;
    expect(out.status).toBe(200);
    expect(out.body.query).toEqual({ a: '1', q: 'a b&c' });
    expect(out.body.body).toBe('{"n":2}');
    expect((out.body.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect((out.body.headers as Record<string, string>)['idempotency-key']).toBe('r1:call#1');
    expect(out.url).toBe(`${api.url}/echo?a=1&q=a+b%26c`);
  });

  it('sends a urlencoded form and a text body', async () => {
    const form = await executeHttp(config({ method: 'POST', url: '/echo', bodyType: 'form', body: '{ "name": "Ann Lee", "tags": ["a", "b"], "ok": true }' }), ctx());
    const f = (form as { output: { body: { body: string; headers: Record<string, string> } } }).output.body;
    expect(f.body).toBe('name=Ann+Lee&tags=a&tags=b&ok=true');
    expect(f.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const text = await executeHttp(config({ method: 'PUT', url: '/echo', bodyType: 'text', body: '"Hello " & $input.who', headers: [{ name: 'content-type', value: 'text/csv' }] }), ctx({ who: 'Bo' }));
    const t = (text as { output: { body: { body: string; headers: Record<string, string> } } }).output.body;
    expect(t.body).toBe('Hello Bo');
    expect(t.headers['content-type']).toBe('text/csv');
    const bad = await stepError(executeHttp(config({ method: 'POST', url: '/echo', bodyType: 'form', body: '[1]' }), ctx()));
    expect(bad.opts.code).toBe('BAD_BODY');
  });

  it.each([
    ['bearer', 'cred_bearer', 'authorization', 'Bearer tok-abc-123'],
    ['basic', 'cred_basic', 'authorization', `Basic ${Buffer.from('ana:pa:ss').toString('base64')}`],
    ['API-key header', 'cred_key', 'x-api-key', 'k-999'],
  ])('authenticates with a %s credential, replacing a header of the same name', async (_, credentialId, header, value) => {
    const r = await executeHttp(config({ url: '/echo', credentialId, headers: [{ name: header.toUpperCase(), value: 'user-set' }] }), ctx());
    expect((r as { output: { body: { headers: Record<string, string> } } }).output.body.headers[header]).toBe(value);
  });

  it('refuses a credential of the wrong kind and a missing one', async () => {
    expect((await stepError(executeHttp(config({ url: '/echo', credentialId: 'cred_hmac' }), ctx()))).opts.code).toBe('CREDENTIAL_TYPE');
    expect((await stepError(executeHttp(config({ url: '/echo', credentialId: 'cred_gone' }), ctx()))).opts.code).toBe('CREDENTIAL_NOT_FOUND');
  });
});

describe('HTTP request: responses', () => {
  it.each([
    ['text with its charset', '/text', 'auto', 'héllo'],
    ['malformed JSON kept as text', '/bad-json', 'auto', '{oops'],
    ['binary as base64', '/png', 'auto', { encoding: 'base64', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]).toString('base64'), size: 7, contentType: 'image/png' }],
    ['large binary as a size-only summary', '/big-binary', 'auto', { omitted: true, size: BINARY_INLINE_LIMIT + 1, contentType: 'application/octet-stream' }],
    ['gzip, decompressed', '/gzip', 'auto', { zipped: true }],
    ['JSON forced as text', '/gzip', 'text', '{"zipped":true}'],
  ] as const)('parses %s', async (_, url, responseType, body) => {
    const r = await executeHttp(config({ url, responseType }), ctx());
    expect((r as { output: { body: unknown } }).output.body).toEqual(body);
  });

  it('fails when a response declared JSON is not', async () => {
    expect((await stepError(executeHttp(config({ url: '/bad-json', responseType: 'json' }), ctx()))).opts.code).toBe('RESPONSE_NOT_JSON');
  });

  it.each([
    [400, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
  ])('maps HTTP %i to an error (retryable: %s)', async (status, retryable) => {
    const e = await stepError(executeHttp(config({ url: `/status/${status}` }), ctx()));
    expect(e.opts).toMatchObject({ code: `HTTP_${status}`, retryable });
    expect(e.message).toContain(`HTTP request "Call" (call): HTTP ${status}`);
    expect((e.opts.details as { body: unknown }).body).toEqual({ error: 'nope' });
    if (status === 503) expect(e.opts.retryAfterMs).toBe(7000);
  });

  it('returns error statuses as output when failOnHttpError is off', async () => {
    const r = await executeHttp(config({ url: '/status/404', failOnHttpError: false }), ctx());
    expect((r as { output: { status: number } }).output.status).toBe(404);
  });

  it('times out (retryable) and enforces the response size limit', async () => {
    const t = await stepError(executeHttp(config({ url: '/slow', timeoutMs: 200 }), ctx()));
    expect(t.opts).toMatchObject({ code: 'TIMEOUT', retryable: true });
    const big = await stepError(executeHttp(config({ url: '/huge', maxResponseBytes: 1000 }), ctx()));
    expect(big.opts).toMatchObject({ code: 'RESPONSE_TOO_LARGE', retryable: false });
  });
});

describe('HTTP request: redirects', () => {
  it('follows redirects, turns 303 into GET and keeps the method on 307', async () => {
    const r = await executeHttp(config({ url: '/redirect' }), ctx());
    expect((r as { output: { status: number; url: string } }).output).toMatchObject({ status: 200, url: `${api.url}/echo` });
    const see = await executeHttp(config({ method: 'POST', url: '/see-other', body: '{"a":1}' }), ctx());
    expect((see as { output: { body: { method: string; body: string } } }).output.body).toMatchObject({ method: 'GET', body: '' });
    const keep = await executeHttp(config({ method: 'POST', url: '/keep', body: '{"a":1}' }), ctx());
    expect((keep as { output: { body: { method: string; body: string } } }).output.body).toMatchObject({ method: 'POST', body: '{"a":1}' });
  });

  it('returns the 3xx itself with redirects off, and stops redirect loops', async () => {
    const r = await executeHttp(config({ url: '/redirect', maxRedirects: 0 }), ctx());
    expect((r as { output: { status: number; headers: Record<string, string> } }).output).toMatchObject({ status: 302, headers: { location: '/echo' } });
    expect((await stepError(executeHttp(config({ url: '/loop', maxRedirects: 3 }), ctx()))).opts.code).toBe('TOO_MANY_REDIRECTS');
  });

  it('drops the credential when a redirect leaves the origin', async () => {
    process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK; // `other` is a local service, not Baton's own origin
    const r = await executeHttp(config({ url: `/redirect?to=${encodeURIComponent(`${other.url}/x`)}`, credentialId: 'cred_key' }), ctx());
    const headers = (r as { output: { body: { headers: Record<string, string> } } }).output.body.headers;
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers['idempotency-key']).toBe('r1:call#1');
  });
});

describe('HTTP request: outbound guard', () => {
  it.each([
    ['the metadata address', 'http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['a decimal-encoded metadata address', 'http://2852039166/', '169.254.169.254'],
    ['the AWS IPv6 metadata address', 'http://[fd00:ec2::254]/', 'fd00:ec2::254'],
    ['the GCP metadata name', 'http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal'],
    ['link-local', 'http://169.254.10.1/', '169.254.0.0/16'],
    ['IPv6 link-local', 'http://[fe80::1]/', 'fe80::/10'],
  ])('blocks %s by default, naming the rule', async (_, url, rule) => {
    const e = await stepError(executeHttp(config({ url }), ctx()));
    expect(e.opts).toMatchObject({ code: 'BLOCKED', retryable: false });
    expect(e.message).toContain(`rule "${rule}"`);
  });

  it.each([
    ['the unspecified IPv4 address', (port: number) => `http://0.0.0.0:${port}/echo`, '0.0.0.0/8'],
    ['the short form of 0.0.0.0', (port: number) => `http://0:${port}/echo`, '0.0.0.0/8'],
    ['the unspecified IPv6 address', (port: number) => `http://[::]:${port}/echo`, '::'],
    ['loopback', (port: number) => `http://127.0.0.1:${port}/echo`, '127.0.0.0/8'],
    ['another loopback address', (port: number) => `http://127.1.2.3:${port}/echo`, '127.0.0.0/8'],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/echo`, '::1'],
    ['IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/echo`, '127.0.0.0/8'],
    ['IPv4-compatible metadata', () => 'http://[::169.254.169.254]/', '169.254.169.254'],
    ['NAT64 metadata', () => 'http://[64:ff9b::a9fe:a9fe]/', '169.254.169.254'],
    ['6to4 metadata', () => 'http://[2002:a9fe:a9fe::1]/', '169.254.169.254'],
    ['SIIT metadata', () => 'http://[::ffff:0:a9fe:a9fe]/', '169.254.169.254'],
    ['NAT64 loopback', (port: number) => `http://[64:ff9b::7f00:1]:${port}/echo`, '127.0.0.0/8'],
    ["Alibaba Cloud's metadata address", () => 'http://100.100.100.200/latest/meta-data/', '100.100.100.200'],
    ["Azure's wire server", () => 'http://168.63.129.16/machine?comp=goalstate', '168.63.129.16'],
  ])('blocks %s by default, naming the rule, before anything is sent', async (_, url, rule) => {
    const before = other.seen.length;
    const e = await stepError(executeHttp(config({ url: url(other.port) }), ctx()));
    expect(e.opts).toMatchObject({ code: 'BLOCKED', retryable: false });
    expect(e.message).toContain(`rule "${rule}" of a built-in rule`);
    expect(e.message).toMatch(/^HTTP request "Call" \(call\): outbound call to .+ blocked/);
    expect(other.seen.length).toBe(before);
  });

  it("allows Baton's own origin (relative URLs), refuses other loopback services unless BATON_HTTP_ALLOW opens them", async () => {
    // ctx().baseUrl is `api`: relative URLs resolve to it, as the demo endpoints do in the server.
    expect(await executeHttp(config({ url: '/echo' }), ctx())).toMatchObject({ output: { status: 200 } });
    expect(await executeHttp(config({ url: `${api.url}/echo` }), ctx())).toMatchObject({ output: { status: 200 } });
    // The same server by another name is another origin: refused after resolving the name.
    const byName = await stepError(executeHttp(config({ url: `http://localhost:${api.port}/echo` }), ctx()));
    expect(byName.message).toMatch(/outbound call to localhost → (127\.0\.0\.1|::1) blocked by rule "(127\.0\.0\.0\/8|::1)" of a built-in rule/);
    const local = await stepError(executeHttp(config({ url: `${other.url}/x` }), ctx()));
    expect(local.message).toContain(`outbound call to 127.0.0.1 blocked by rule "127.0.0.0/8"`);
    process.env.BATON_HTTP_ALLOW = '127.0.0.1,*';
    expect(await executeHttp(config({ url: `${other.url}/x` }), ctx())).toMatchObject({ output: { status: 200 } });
    // `*` keeps the built-in rules: metadata stays blocked.
    expect((await stepError(executeHttp(config({ url: 'http://[64:ff9b::a9fe:a9fe]/' }), ctx()))).opts.code).toBe('BLOCKED');
    // A deny rule applies to Baton's own origin too.
    process.env.BATON_HTTP_DENY = '127.0.0.0/8, ::1';
    const denied = await stepError(executeHttp(config({ url: '/echo' }), ctx()));
    expect(denied.message).toContain('blocked by rule "127.0.0.0/8" of BATON_HTTP_DENY');
  });

  it('checks every redirect hop', async () => {
    const e = await stepError(executeHttp(config({ url: `/redirect?to=${encodeURIComponent('http://169.254.169.254/')}` }), ctx()));
    expect(e.opts.code).toBe('BLOCKED');
    expect(api.seen.some((s) => s.url.startsWith('/redirect?to=http'))).toBe(true);
  });

  it('with an allow list, reaches only what it names (and Baton\'s own origin)', async () => {
    process.env.BATON_HTTP_ALLOW = 'localhost';
    await executeHttp(config({ url: `http://localhost:${api.port}/echo` }), ctx());
    await executeHttp(config({ url: '/echo' }), ctx());
    const e = await stepError(executeHttp(config({ url: 'http://203.0.113.7/echo' }), ctx()));
    expect(e.message).toContain('outbound call to 203.0.113.7 blocked: not in BATON_HTTP_ALLOW');
    process.env.BATON_HTTP_ALLOW = 'nonsense/99';
    expect((await stepError(executeHttp(config({ url: '/echo' }), ctx()))).opts.code).toBe('GUARD_CONFIG');
  });
});
