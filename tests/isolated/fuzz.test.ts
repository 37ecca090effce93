/**
 * A bounded fuzz of malformed requests against the real built server over HTTP (a real
 * SQLite file): at least 2,000 requests generated with fast-check across REST, tRPC,
 * webhooks, better-auth's `/api/auth/*` and arbitrary paths — bad JSON, deep nesting,
 * wrong types, huge strings within the body limits, bodies over them, odd methods, bad
 * percent-encoding, bad content types, missing, invalid or insufficient credentials.
 *
 * Every request is built to be refused (a state-changing method must get a 4xx; GET,
 * HEAD and OPTIONS may read). Asserts: no 5xx at all, the server answers every request
 * and a health check every 100 requests, no table gains or loses a row, and
 * `PRAGMA integrity_check` is `ok` afterwards. Prints one summary line of counts.
 * Bounded to about 100 s of requests (it stops generating early, still asserting the
 * 2,000 minimum).
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/fuzz.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { startServer, type TestServer } from '../helpers/server';
import { peopleKeys, type Person } from '../helpers/people';
import { doc, edge, node } from '../helpers/docs';
import { newWebhookToken } from '@/lib/nodes/webhook-trigger/definition';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
const MIN_REQUESTS = 2_000;
const TIME_BUDGET_MS = 100_000;

let server: TestServer;
let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
/** Ids of real objects, so that refusals come from validation and not only from "unknown id". */
let ids: { workflow: string; task: string; run: string; hook: string };

type Target = 'rest' | 'trpc' | 'webhook' | 'auth' | 'path';
interface FuzzRequest {
  target: Target;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Row counts of every table. Left out: audit rows of refused sign-ins and of accounts
 * locked after too many of them (`auth.sign_in…`, `auth.account_locked`), which record
 * refused attempts on purpose (better-auth's sign-in endpoint is fuzzed with wrong passwords).
 */
function counts(): Record<string, number> {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(
      tables.map((t) => [t, (db.prepare(t === 'audit_log' ? `SELECT COUNT(*) AS n FROM audit_log WHERE action NOT LIKE 'auth.sign_in%' AND action <> 'auth.account_locked'` : `SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------
// generators

/** Text that is not acceptable JSON for any endpoint (malformed, deep, binary, empty). */
const badJson: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom('', '{', '[', '{"a":', 'nul', '{"a":1,}', "{'a':1}", '{"a":1}}', '\u0000', '[1,2', '"unterminated', '{"__proto__":'),
  fc
    .string({ maxLength: 40 })
    .map((s) => `{${s}`)
    .filter((t) => {
      try {
        JSON.parse(t);
        return false;
      } catch {
        return true;
      }
    }),
  fc.integer({ min: 65, max: 5_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 65, max: 3_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
);

/** Any value that is not a string. */
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
/** Any value that is not a number nor blank (null and blank strings stand for "no value" in an optional field), including huge strings. */
const notNumber = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.integer({ min: 1_000, max: 900_000 }).map((n) => 'x'.repeat(n)));
/** A string no outcome id can be (outcomes are at most 64 characters and never start with `~`). */
const badOutcome = fc.oneof(fc.string({ maxLength: 30 }).map((s) => `~${s}`), fc.integer({ min: 65, max: 500_000 }).map((n) => 'o'.repeat(n)), notString);
const badContentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '', 'application/octet-stream');
const oddMethod = fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'GET', 'PROPFIND');
/** Path segments with malformed (and some well-formed) percent-encoding. */
const badSegment = fc.oneof(fc.constantFrom('%', '%f', '%ff', '%ff%fe', '%zz', '%c3%28', '%e0%a4', '%ED%A0%80', '%C0%AF', 'a%'), fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom('%ff', '%', '%g1')).map(([a, b]) => encodeURIComponent(a) + b));

function restTarget(): fc.Arbitrary<FuzzRequest> {
  const json = (v: unknown) => JSON.stringify(v);
  const alex = () => people.alex.headers;
  const auth = fc.constantFrom<() => Record<string, string>>(
    () => ({}),
    () => ({ 'x-api-key': 'baton_notakey' }),
    () => ({ authorization: 'Bearer baton_' + 'x'.repeat(40) }),
    () => ({ cookie: 'baton.session_token=forged.value' }),
    () => people.priya.headers, // approver: may not start runs, edit workflows or manage credentials
    () => ({ cookie: people.alex.cookie }), // session without Origin: refused as cross-site for POST
  );
  const validDoc = () => doc('Fuzz', [node('start', 'manualTrigger'), node('done', 'end')], [edge('start', 'done')]);
  const runBody = fc.oneof(
    badJson,
    fc.record({ input: fc.record({ customer: notString }) }).map(json),
    fc.record({ input: fc.record({ customer: fc.constant('Ada'), amount: notNumber }) }).map(json),
    fc.record({ input: notString.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)) }).map(json),
    fc.record({ version: notNumber }).map(json),
    fc.record({ input: fc.constant({ customer: 'Ada' }), extra: fc.integer() }).map(json),
  );
  return fc.oneof(
    // create a workflow: malformed or wrong-typed documents
    fc.tuple(fc.oneof(badJson, fc.record({ name: notString }).map((o) => json({ ...validDoc(), ...o })), fc.record({ nodes: fc.oneof(notNumber, fc.constant({})) }).map((o) => json({ ...validDoc(), ...o })), fc.constant(json({ ...validDoc(), schemaVersion: 2 }))), badContentType).map(([body, ct]) => ({ target: 'rest' as const, method: 'POST', path: '/api/v1/workflows', headers: { ...alex(), 'content-type': ct }, body })),
    // start a run: malformed body or input of the wrong types
    fc.tuple(runBody, badContentType).map(([body, ct]) => ({ target: 'rest' as const, method: 'POST', path: `/api/v1/workflows/${ids.workflow}/runs`, headers: { ...alex(), 'content-type': ct }, body })),
    // complete the open task as its assignee: bad outcome or bad form data
    fc.oneof(badJson, fc.record({ outcome: badOutcome, data: fc.constant({ reason: 'ok' }) }).map(json), fc.record({ outcome: fc.constant('approve'), data: fc.record({ reason: notString }) }).map(json), fc.record({ outcome: fc.constant('approve') }).map(json)).map((body) => ({ target: 'rest' as const, method: 'POST', path: `/api/v1/tasks/${ids.task}/complete`, headers: { ...people.sam.headers, 'content-type': 'application/json' }, body })),
    // delegate, credentials: malformed or wrong-typed
    fc.oneof(badJson, fc.record({ userId: notString, reason: fc.string() }).map(json)).map((body) => ({ target: 'rest' as const, method: 'POST', path: `/api/v1/tasks/${ids.task}/delegate`, headers: { ...people.sam.headers, 'content-type': 'application/json' }, body })),
    fc.oneof(badJson, fc.record({ name: notString, type: fc.constant('bearer'), data: fc.constant({ token: 'abcd1234' }) }).map(json), fc.record({ name: fc.constant('n'), type: fc.string({ maxLength: 8 }).map((s) => `~${s}`), data: fc.constant({}) }).map(json)).map((body) => ({ target: 'rest' as const, method: 'POST', path: '/api/v1/credentials', headers: { ...alex(), 'content-type': 'application/json' }, body })),
    // cancel / retry / claim of objects that do not exist, with any body
    fc.tuple(fc.constantFrom('runs/run_nope/cancel', 'runs/run_nope/retry', 'tasks/tsk_nope/claim', 'tasks/tsk_nope/unclaim', 'workflows/wf_nope/runs', 'workflows/wf_nope/publish'), fc.oneof(badJson, fc.constant('{}'))).map(([p, body]) => ({ target: 'rest' as const, method: 'POST', path: `/api/v1/${p}`, headers: { ...alex(), 'content-type': 'application/json' }, body })),
    // valid bodies with missing, invalid or insufficient credentials
    fc.tuple(auth, fc.constantFrom<[string, () => string]>(['/api/v1/workflows', () => json(validDoc())], [`/api/v1/workflows/${ids.workflow}/runs`, () => json({ input: { customer: 'Ada', amount: 1 } })], ['/api/v1/credentials', () => json({ name: 'fuzz', type: 'bearer', data: { token: 'abcd1234' } })])).map(([h, [p, b]]) => ({ target: 'rest' as const, method: 'POST', path: p, headers: { ...h(), 'content-type': 'application/json' }, body: b() })),
    // odd methods on endpoints that only take POST (or only GET); a workflow itself takes PUT and DELETE, its versions only GET
    fc.tuple(oddMethod.filter((m) => m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS'), fc.constantFrom(`/api/v1/runs/${ids.run}/cancel`, `/api/v1/workflows/${ids.workflow}/runs`, `/api/v1/tasks/${ids.task}/complete`, `/api/v1/runs/${ids.run}`, `/api/v1/workflows/${ids.workflow}/versions`, '/api/v1/tasks', '/api/v1/openapi.json')).map(([m, p]) => ({ target: 'rest' as const, method: m, path: p, headers: { ...alex(), 'content-type': 'application/json' }, body: m === 'DELETE' ? undefined : '{}' })),
    // reads with odd query strings
    fc.tuple(fc.constantFrom('/api/v1/tasks', '/api/v1/workflows', `/api/v1/runs/${ids.run}`, '/api/v1/audit', '/api/v1/credentials'), fc.string({ maxLength: 20 }), fc.constantFrom('status', 'limit', 'cursor', 'before', 'workflowId', 'assignee')).map(([p, v, k]) => ({ target: 'rest' as const, method: 'GET', path: `${p}?${k}=${encodeURIComponent(v)}&${k}=%ff`, headers: alex() })),
  );
}

function trpcTarget(): fc.Arbitrary<FuzzRequest> {
  const json = (v: unknown) => JSON.stringify(v);
  const signedIn = () => ({ cookie: people.alex.cookie, origin: server.baseUrl, 'content-type': 'application/json' });
  const mutation = (proc: string, body: fc.Arbitrary<string | Uint8Array>, headers: () => Record<string, string> = signedIn) => body.map((b) => ({ target: 'trpc' as const, method: 'POST', path: `/api/trpc/${proc}`, headers: headers(), body: b }));
  return fc.oneof(
    mutation('workflows.create', fc.oneof(badJson, fc.record({ name: notString }).map(json), fc.integer({ min: 201, max: 1_000_000 }).map((n) => json({ name: 'w'.repeat(n) })))),
    mutation('runs.start', fc.oneof(badJson, fc.record({ workflowId: notString }).map(json), fc.record({ workflowId: fc.constant(ids.workflow), input: fc.record({ amount: notNumber }) }).map(json), fc.record({ workflowId: fc.constant(ids.workflow), version: notNumber }).map(json))),
    mutation('tasks.complete', fc.oneof(badJson, fc.record({ id: fc.constant(ids.task), outcome: badOutcome }).map(json), fc.record({ id: fc.constant(ids.task), outcome: fc.constant('approve'), data: fc.record({ reason: notString }) }).map(json)), () => ({ cookie: people.sam.cookie, origin: server.baseUrl, 'content-type': 'application/json' })),
    mutation('credentials.create', fc.oneof(badJson, fc.record({ name: notString, type: fc.constant('bearer'), data: fc.constant({ token: 'abcd1234' }) }).map(json))),
    // valid input, but no session, a forged one, or no Origin (CSRF)
    fc.constantFrom<() => Record<string, string>>(() => ({}), () => ({ cookie: 'baton.session_token=forged' }), () => ({ cookie: people.alex.cookie }), () => ({ cookie: people.alex.cookie, origin: 'https://evil.example' }), () => ({ 'x-api-key': 'baton_nope' })).chain((h) => mutation('workflows.create', fc.constant(json({ name: 'fuzz' })), () => ({ ...h(), 'content-type': 'application/json' }))),
    // batches over the bound, repeated GET reads, unknown procedures, wrong methods
    fc.integer({ min: 21, max: 60 }).map((n) => ({ target: 'trpc' as const, method: 'GET', path: `/api/trpc/${Array.from({ length: n }, () => 'workflows.list').join(',')}?batch=1`, headers: signedIn() })),
    fc.integer({ min: 21, max: 40 }).map((n) => ({ target: 'trpc' as const, method: 'POST', path: `/api/trpc/${Array.from({ length: n }, () => 'workflows.create').join(',')}?batch=1`, headers: signedIn(), body: json(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { name: `w${i}` }]))) })),
    fc.integer({ min: 2, max: 20 }).map((n) => ({ target: 'trpc' as const, method: 'GET', path: `/api/trpc/${Array.from({ length: n }, () => 'runs.get').join(',')}?batch=1&input=${encodeURIComponent(json(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { id: ids.run }]))))}`, headers: signedIn() })),
    fc.tuple(fc.constantFrom('nope', 'workflows', 'workflows.nope', 'workflows.list,,', '__proto__.x', 'runs.get,nope'), oddMethod).map(([p, m]) => ({ target: 'trpc' as const, method: m, path: `/api/trpc/${p}?batch=1`, headers: signedIn(), body: m === 'GET' || m === 'HEAD' ? undefined : '{}' })),
    fc.constantFrom('workflows.create', 'runs.start', 'tasks.complete').map((p) => ({ target: 'trpc' as const, method: 'GET', path: `/api/trpc/${p}?input=${encodeURIComponent('{"name":"x"}')}`, headers: signedIn() })),
    // queries with junk input
    fc.tuple(fc.constantFrom('runs.get', 'tasks.get', 'workflows.get', 'runs.list', 'tasks.list'), fc.oneof(badJson.filter((b): b is string => typeof b === 'string' && b.length < 2_000), notString.map(json))).map(([p, input]) => ({ target: 'trpc' as const, method: 'GET', path: `/api/trpc/${p}?input=${encodeURIComponent(input)}`, headers: signedIn() })),
  );
}

function webhookTarget(): fc.Arbitrary<FuzzRequest> {
  const nonObject = fc.oneof(fc.constant('[]'), fc.constant('null'), fc.constant('"text"'), fc.integer().map(String), fc.array(fc.integer(), { maxLength: 5 }).map((a) => JSON.stringify(a)), fc.integer({ min: 1_000, max: 900_000 }).map((n) => JSON.stringify('h'.repeat(n))));
  return fc.oneof(
    // (an empty body is the documented `{}`, so it is left out)
    fc.tuple(fc.oneof(badJson.filter((b) => typeof b !== 'string' || b.trim() !== ''), nonObject), badContentType).map(([body, ct]) => ({ target: 'webhook' as const, method: 'POST', path: `/api/hooks/${ids.hook}`, headers: { 'content-type': ct }, body })),
    fc.integer({ min: 1024 * 1024 + 1, max: 3 * 1024 * 1024 }).map((n) => ({ target: 'webhook' as const, method: 'POST', path: `/api/hooks/${ids.hook}`, headers: { 'content-type': 'application/json' }, body: `{"a":"${'b'.repeat(n)}"}` })),
    oddMethod.filter((m) => m !== 'HEAD' && m !== 'OPTIONS').map((m) => ({ target: 'webhook' as const, method: m, path: `/api/hooks/${ids.hook}`, headers: { 'content-type': 'application/json' }, body: m === 'GET' ? undefined : '{"a":1}' })),
    fc.tuple(fc.oneof(fc.string({ maxLength: 70 }).map(encodeURIComponent), badSegment), fc.constant('{"a":1}')).map(([token, body]) => ({ target: 'webhook' as const, method: 'POST', path: `/api/hooks/${token || 'x'}`, headers: { 'content-type': 'application/json' }, body })),
  );
}

function authTarget(): fc.Arbitrary<FuzzRequest> {
  const json = (v: unknown) => JSON.stringify(v);
  const h = (ct = 'application/json') => ({ 'content-type': ct, origin: server.baseUrl });
  return fc.oneof(
    fc.tuple(fc.oneof(badJson, fc.record({ email: notString, password: fc.string() }).map(json), fc.record({ email: fc.constant(people.admin.email), password: notString }).map(json)), badContentType).map(([body, ct]) => ({ target: 'auth' as const, method: 'POST', path: '/api/auth/sign-in/email', headers: h(ct), body })),
    fc.string({ minLength: 1, maxLength: 20 }).map((p) => ({ target: 'auth' as const, method: 'POST', path: '/api/auth/sign-in/email', headers: h(), body: json({ email: people.admin.email, password: `~${p}` }) })),
    fc.integer({ min: 65 * 1024, max: 512 * 1024 }).map((n) => ({ target: 'auth' as const, method: 'POST', path: '/api/auth/sign-in/email', headers: h(), body: json({ email: 'e'.repeat(n), password: 'x' }) })),
    fc.tuple(fc.constantFrom('/api/auth/sign-up/email', '/api/auth/api-key/create', '/api/auth/api-key/delete', '/api/auth/change-password', '/api/auth/nope', '/api/auth/update-user'), badJson).map(([p, body]) => ({ target: 'auth' as const, method: 'POST', path: p, headers: h(), body })),
  );
}

function pathTarget(): fc.Arbitrary<FuzzRequest> {
  const templates = ['/api/v1/runs/{}', '/api/v1/workflows/{}/runs', '/api/v1/tasks/{}/complete', '/api/v1/credentials/{}', '/api/v1/{}', '/api/trpc/{}', '/api/runs/{}/stream', '/api/demo/{}', '/api/auth/{}', '/runs/{}', '/workflows/{}', '/inbox/{}', '/{}'];
  return fc.tuple(fc.constantFrom(...templates), badSegment, fc.boolean()).map(([t, seg, signedIn]) => {
    const api = t.startsWith('/api/v1') || t.startsWith('/api/demo');
    const method = api && !t.endsWith('/{}') ? 'POST' : 'GET';
    return { target: 'path' as const, method, path: t.replace('{}', seg), headers: signedIn ? { cookie: people.alex.cookie, ...people.alex.headers } : {}, body: method === 'POST' ? '{}' : undefined };
  });
}

// ---------------------------------------------------------------------------

beforeAll(async () => {
  if (SKIP) return;
  server = await startServer();
  people = await peopleKeys(server);
  const call = async (path: string, body: unknown, headers = people.alex.headers) => {
    const res = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const out = (await res.json()) as any;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(out)}`);
    return out;
  };
  const field = (name: string, type: string, required: boolean) => ({ name, label: name, type, required, options: '' });
  const workflow = (
    await call(
      '/api/v1/workflows',
      doc(
        'Fuzz approval',
        [
          node('start', 'manualTrigger', { inputFields: [field('customer', 'text', true), field('amount', 'number', false)] }),
          node('review', 'userTask', { title: 'Review', assignee: 'sam', formFields: [field('reason', 'text', true)], outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] }),
          node('done', 'end'),
        ],
        [edge('start', 'review'), edge('review', 'done', 'approve'), edge('review', 'done', 'reject')],
      ),
    )
  ).id;
  await call(`/api/v1/workflows/${workflow}/publish`, {});
  const run = (await call(`/api/v1/workflows/${workflow}/runs`, { input: { customer: 'Ada', amount: 3 } })).runId;
  let task: string | undefined;
  for (let i = 0; i < 100 && !task; i++) {
    const list = (await (await fetch(`${server.baseUrl}/api/v1/tasks?status=open`, { headers: people.sam.headers })).json()) as any;
    task = (Array.isArray(list) ? list : list.items ?? list.tasks ?? []).find((t: any) => t.runId === run)?.id;
    if (!task) await new Promise((r) => setTimeout(r, 100));
  }
  if (!task) throw new Error('the fuzz run never reached its user task');
  const hook = newWebhookToken();
  const hookWf = (await call('/api/v1/workflows', doc('Fuzz hook', [node('hook', 'webhookTrigger', { token: hook }), node('done', 'end')], [edge('hook', 'done')]))).id;
  await call(`/api/v1/workflows/${hookWf}/publish`, {});
  ids = { workflow, task, run, hook };
}, 120_000);

afterAll(async () => {
  if (!server) return;
  await server.stop();
  server.removeDb();
});

describe.skipIf(SKIP)('fuzz: malformed requests', () => {
  it(`${MIN_REQUESTS}+ malformed requests: no 5xx, the server answers throughout, nothing is written, the database is intact`, async () => {
    const before = counts();
    const byTarget: Record<Target, number> = { rest: 0, trpc: 0, webhook: 0, auth: 0, path: 0 };
    const byStatus: Record<number, number> = {};
    const failures: string[] = [];
    let sent = 0;
    const started = Date.now();
    const arb = fc.oneof({ arbitrary: restTarget(), weight: 4 }, { arbitrary: trpcTarget(), weight: 3 }, { arbitrary: webhookTarget(), weight: 2 }, { arbitrary: authTarget(), weight: 1 }, { arbitrary: pathTarget(), weight: 1 });
    const describeReq = (r: FuzzRequest) => `${r.method} ${r.path.slice(0, 200)} [${typeof r.body === 'string' ? r.body.slice(0, 120) : r.body ? `${r.body.byteLength} bytes` : 'no body'}]`;

    await fc.assert(
      fc.asyncProperty(arb, async (r) => {
        let res: Response;
        try {
          res = await fetch(`${server.baseUrl}${r.path}`, { method: r.method, headers: r.headers, body: r.body as BodyInit | undefined, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
        } catch (err) {
          failures.push(`no answer: ${describeReq(r)}: ${(err as Error).message}`);
          throw err;
        }
        const text = await res.text();
        sent++;
        byTarget[r.target]++;
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        const ok = res.status < 500 && (SAFE.has(r.method) || (res.status >= 400 && res.status < 500));
        if (!ok) failures.push(`${res.status}: ${describeReq(r)} → ${text.slice(0, 300)}`);
        expect(ok, failures.at(-1)).toBe(true);
        if (sent % 100 === 0) {
          const health = await fetch(`${server.baseUrl}/api/v1/workflows`, { headers: people.alex.headers, signal: AbortSignal.timeout(5_000) });
          await health.arrayBuffer();
          expect(health.status).toBe(200);
        }
      }),
      { numRuns: 2_500, interruptAfterTimeLimit: TIME_BUDGET_MS, markInterruptAsFailure: false, endOnFailure: true },
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const statuses = Object.entries(byStatus)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const fiveXX = Object.entries(byStatus).reduce((n, [s, c]) => n + (Number(s) >= 500 ? c : 0), 0);
    console.log(`fuzz: ${sent} requests in ${seconds} s (REST ${byTarget.rest}, tRPC ${byTarget.trpc}, webhook ${byTarget.webhook}, auth ${byTarget.auth}, paths ${byTarget.path}); statuses ${statuses}; 5xx ${fiveXX}`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(counts()).toEqual(before);
    await server.stop();
    const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 180_000);
});
