/**
 * Secrets in the encoded forms Baton itself produces: a real HTTP server on 127.0.0.1
 * echoes the credential it received inside an `application/octet-stream` body (stored
 * as base64, the secret at each of the three byte offsets modulo 3) and redirects with
 * it in a query string (stored in `output.url`, the attempt's log line and an error
 * message). Bearer, basic and API-key credentials; real runs on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteApp as App } from '../app';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';

let t: TestApp;
let app: App;
let server: Awaited<ReturnType<typeof startServer>>;

/** Secrets with characters that percent-encoding changes (space, `/`, `+`, `=`, `?`, `&`, `%`). */
const CREDENTIALS = {
  bearer: { type: 'bearer', data: { token: 'tok/SECRET+42 zz=?&x' }, secret: 'tok/SECRET+42 zz=?&x' },
  basic: { type: 'basic', data: { username: 'svc', password: 'p@ss w:rd/+1~Zq' }, secret: 'p@ss w:rd/+1~Zq' },
  apiKey: { type: 'apiKey', data: { header: 'X-Api-Key', value: 'k+ey/99 ?x=Q%7' }, secret: 'k+ey/99 ?x=Q%7' },
} as const;

/** The secret a request carried, as the server reads it. */
function secretOf(headers: Record<string, string | string[] | undefined>): string {
  const auth = String(headers.authorization ?? '');
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  if (auth.startsWith('Basic ')) return Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':');
  return String(headers['x-api-key'] ?? '');
}

/** Bytes holding `secret` at offsets 0, 1 and 2 modulo 3, between other bytes. */
function bytesAround(secret: string): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const k of [0, 1, 2]) {
    const pad = Buffer.alloc(((k - size) % 3 + 3) % 3 + 3, 0xa5);
    parts.push(pad, Buffer.from(secret, 'utf8'));
    size += pad.length + Buffer.byteLength(secret);
  }
  parts.push(Buffer.from([0, 1, 2, 0xff]));
  return Buffer.concat(parts);
}

/** The secret's UTF-8 bytes at an odd and at an even byte offset, between ASCII bytes (`_`). */
function bytesAtBothAlignments(secret: string): Buffer {
  const bytes = Buffer.from(secret, 'utf8');
  return Buffer.concat([Buffer.from('_'), bytes, Buffer.from((1 + bytes.length) % 2 === 0 ? '__' : '_'), bytes, Buffer.from('__')]);
}

/**
 * The secret's bytes behind a Shift_JIS lead byte (0x82), which swallows the next byte
 * when decoded as Shift_JIS: decoded, only the rest of the secret would be left to find.
 */
function behindLeadByte(secret: string): Buffer {
  return Buffer.concat([Buffer.from('ok '), Buffer.from([0x82]), Buffer.from(secret, 'utf8'), Buffer.from(' end')]);
}

/** The inner characters of the secret's bytes read as UTF-16 (LE and BE, both alignments). */
function utf16Inner(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return ['utf-16le', 'utf-16be'].flatMap((enc) => [0, 1].map((k) => new TextDecoder(enc).decode(Buffer.concat([Buffer.alloc(k), bytes, Buffer.alloc(2)])).slice(1, Math.floor((k + bytes.length) / 2) - 1)));
}

/**
 * The forms a secret must not appear in: raw; percent-encoded as `encodeURIComponent`
 * and form encoding produce it (upper- and lower-case hex); and the inner part of its
 * base64 at each alignment, standard and URL-safe (the outer characters of a fragment
 * mix in neighbouring bytes, so only the inner ones are a fixed string).
 */
function forbiddenForms(secret: string): string[] {
  const percent = [encodeURIComponent(secret), new URLSearchParams({ q: secret }).toString().slice(2)];
  const base64 = [0, 1, 2].map((k) => Buffer.concat([Buffer.alloc(k), Buffer.from(secret)]).toString('base64').slice(4, -4));
  return [secret, ...percent, ...percent.map((p) => p.toLowerCase()), ...base64, ...base64.map((b) => b.replace(/\+/g, '-').replace(/\//g, '_')), ...utf16Inner(secret)];
}

/** Every text cell of the tables a run writes, as one string. */
function everyRunRow(): string {
  return ['runs', 'steps', 'attempts', 'run_events', 'jobs'].map((tb) => JSON.stringify(t.app.handle.sqlite.prepare(`SELECT * FROM ${tb}`).all())).join('\n');
}

beforeAll(async () => {
  t = openTestApp('enc-redaction');
  app = t.app;
  // The server is a local service on 127.0.0.1, which the outbound guard refuses unless opened on purpose.
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
  server = await startServer((req, res) => {
    const secret = secretOf(req.headers);
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/bytes') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytesAround(secret));
    // The secret's ASCII bytes labelled with a charset that decodes them into other characters.
    if (path === '/utf16le') return res.writeHead(200, { 'content-type': 'text/plain; charset=utf-16le' }).end(bytesAtBothAlignments(secret));
    if (path === '/utf16be') return res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-16BE' }).end(bytesAtBothAlignments(secret));
    if (path === '/sjis') return res.writeHead(200, { 'content-type': 'text/plain; charset=shift_jis' }).end(behindLeadByte(secret));
    const query = `seen=${encodeURIComponent(secret)}&${new URLSearchParams({ form: secret }).toString()}`;
    if (path === '/away') return res.writeHead(302, { location: `/landing?${query}` }).end();
    if (path === '/away-to-nothing') return res.writeHead(302, { location: `/gone?${query}` }).end();
    if (path === '/landing') return sendJson(res, 200, { ok: true });
    sendJson(res, 404, { error: 'no such page' });
  });
});

afterAll(async () => {
  await t.close();
  await server.close();
  delete process.env.BATON_HTTP_ALLOW;
});

describe('encoded secrets in runs', () => {
  it.each(Object.entries(CREDENTIALS))('%s: base64 bodies, redirect URLs, log lines and errors never hold the secret in any form', async (name, c) => {
    const cred = await app.credentials.create({ name: `Echoed ${name}`, type: c.type, data: { ...c.data } }, 'system');
    const call = (id: string, path: string) => node(id, 'http', { url: `${server.url}${path}`, credentialId: cred.id, failOnHttpError: true });
    const wf = await publish(
      app,
      doc(
        `encoded-${name}`,
        [
          node('start', 'manualTrigger'),
          call('bytes', '/bytes'),
          call('u16le', '/utf16le'),
          call('u16be', '/utf16be'),
          call('sjis', '/sjis'),
          call('away', '/away'),
          call('nothing', '/away-to-nothing'),
          node('done', 'end', { output: '{ "bytes": $steps.bytes.output.body, "u16le": $steps.u16le.output.body, "u16be": $steps.u16be.output.body, "sjis": $steps.sjis.output.body, "url": $steps.away.output.url, "error": $steps.nothing.error.message }' }),
          node('unexpected', 'end'),
        ],
        [edge('start', 'bytes'), edge('bytes', 'u16le'), edge('u16le', 'u16be'), edge('u16be', 'sjis'), edge('sjis', 'away'), edge('away', 'nothing'), edge('nothing', 'done', 'error'), edge('nothing', 'unexpected')],
      ),
    );
    const before = server.seen.length;
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId));
    expect(run.status).toBe('succeeded');
    // The server received the real secret on every call (bytes, away → landing, away-to-nothing → gone).
    expect(server.seen.slice(before).map((s) => secretOf(s.headers))).toEqual(Array(8).fill(c.secret));

    // What the run recorded shows the mask where the secret was.
    const out = run.output as { bytes: { encoding: string; data: string; size: number }; u16le: string; u16be: string; sjis: { encoding: string; data: string }; url: string; error: string };
    expect(out.bytes).toMatchObject({ encoding: 'base64', size: bytesAround(c.secret).length });
    expect(out.bytes.data).toContain('••••');
    // Decoded as UTF-16 (the secret's bytes pair into other characters): masked at both alignments.
    for (const text of [out.u16le, out.u16be]) expect(text.split('••••').length - 1, text).toBe(2);
    // A charset whose lead bytes swallow ASCII is kept as base64, where the secret's bytes are masked.
    expect(out.sjis).toMatchObject({ encoding: 'base64', size: behindLeadByte(c.secret).length });
    expect(out.sjis.data).toContain('••••');
    expect(out.url).toBe(`${server.url}/landing?seen=••••&form=••••`);
    expect(out.error).toBe(`HTTP request "nothing" (nothing): HTTP 404 Not Found from GET ${server.url}/gone?seen=••••&form=••••`);
    const logs = (await app.runs.attempts(runId, 'away#1')).flatMap((a) => (a as { logs: string[] }).logs);
    expect(logs.join('\n')).toContain(`following to ${server.url}/landing?seen=••••&form=••••`);

    // And no row of the database holds the secret raw, base64- or percent-encoded.
    const rows = everyRunRow();
    for (const form of forbiddenForms(c.secret)) expect(rows, `form ${form}`).not.toContain(form);
  });
});
