/**
 * Authorization over the real server (`next start`, HTTP): every role × every
 * mutation, through REST with each person's API key and through tRPC with each
 * person's session cookie as Baton's pages send it. An allowed cell must work (2xx,
 * with its effect visible); a forbidden cell must be refused with 403 and write
 * nothing (row counts, run and task state and the audit log unchanged, read straight
 * from the server's database, SQLite or PostgreSQL: `helpers/db-read.ts`). Also: a non-candidate can neither see nor complete a task;
 * two approvers racing on one task end with exactly one completion; cross-site
 * cookie requests are refused (CSRF); sign-in cookies are HttpOnly and SameSite; a
 * disabled person and a revoked key are locked out; sign-in is rate limited. Every
 * allowed mutation (REST, tRPC and better-auth's own API-key endpoints) leaves an audit
 * entry naming the caller.
 *
 * Roles and permissions: `lib/auth/roles.ts`. Needs a production build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Permission, type Role } from '@/lib/auth/roles';
import { ADMIN, startServer, type TestServer } from './helpers/server';
import { apiKey, createPerson, ready, signIn, trpc, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';
import { auditedSince as auditedSinceIn, dbSnapshot, lastAuditId as lastAuditIdOf, serverSql } from './helpers/db-read';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
let server: TestServer;
const people = {} as Record<Role, Person>;
/** The admin, for preparing each cell's fixtures. */
let admin: Person;

interface Res {
  status: number;
  body: any;
}

async function rest(who: Person, method: string, path: string, body?: unknown): Promise<Res> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...who.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function ok(r: Res | Promise<Res>, what: string): Promise<any> {
  const x = await r;
  if (x.status >= 300) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.body).slice(0, 300)}`);
  return x.body?.result?.data ?? x.body;
}

const approval = (name: string, assignment: Record<string, unknown> = {}) =>
  doc(
    name,
    [
      node('start', 'manualTrigger'),
      node('review', 'userTask', { title: name, outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }], ...assignment }),
      node('done', 'end', { output: '{ "ok": true }' }),
      node('no', 'end', { output: '{ "ok": false }' }),
    ],
    [edge('start', 'review'), edge('review', 'done', 'approve'), edge('review', 'no', 'reject')],
  );
const failing = doc('Fails', [node('start', 'manualTrigger'), node('boom', 'transform', { expression: '$error("boom")' }), node('done', 'end')], [edge('start', 'boom'), edge('boom', 'done')]);

async function published(d: unknown): Promise<string> {
  const { id } = await ok(rest(admin, 'POST', '/api/v1/workflows', d), 'create workflow');
  await ok(rest(admin, 'POST', `/api/v1/workflows/${id}/publish`), 'publish');
  return id;
}

async function until<T>(fn: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function runIn(workflowId: string, status: string): Promise<string> {
  const { runId } = await ok(rest(admin, 'POST', `/api/v1/workflows/${workflowId}/runs`, { input: {} }), 'start run');
  await until(async () => (await rest(admin, 'GET', `/api/v1/runs/${runId}`)).body.status === status, `run ${status}`);
  return runId;
}

async function openTask(workflowId: string): Promise<{ runId: string; taskId: string }> {
  const runId = await runIn(workflowId, 'waiting');
  const [row] = await serverSql<{ id: string }>(server, `SELECT id FROM tasks WHERE run_id = ? AND status = 'open'`, [runId]);
  if (!row) throw new Error('no open task');
  return { runId, taskId: row.id };
}

const snapshot = () => dbSnapshot(server);
const lastAuditId = () => lastAuditIdOf(server);
const auditedSince = (afterId: number, actor: string) => auditedSinceIn(server, afterId, actor);

/** A call to better-auth's own endpoint as a browser makes it (session cookie, `Origin`). */
async function betterAuth(who: Person, path: string, body: unknown): Promise<Res> {
  const res = await fetch(`${server.baseUrl}/api/auth${path}`, { method: 'POST', headers: { cookie: who.cookie, origin: server.baseUrl, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * One mutation: what it needs (`perm`; null = any signed-in person), how to prepare
 * a fresh target as admin, and how a person calls it. `rest` cells use the API key,
 * `trpc` cells the session cookie.
 */
interface Mutation {
  name: string;
  perm: Permission | null;
  prepare?: () => Promise<Record<string, string>>;
  call: (who: Person, t: Record<string, string>) => Promise<Res>;
}

let approvalFlow: string;
let failingFlow: string;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${++seq}`;
const t = (who: Person, procedure: string, input: unknown) => trpc(server.baseUrl, who.cookie, procedure, input);
const credential = async () => ({ cred: (await ok(rest(admin, 'POST', '/api/v1/credentials', { name: `c-${uniq()}`, type: 'bearer', data: { token: 'secret-token-1' } }), 'credential')).id });
const draft = async () => ({ wf: (await ok(rest(admin, 'POST', '/api/v1/workflows', approval(`wf-${uniq()}`)), 'workflow')).id });
const group = async () => {
  const gid = `g-${uniq()}`;
  await ok(t(admin, 'groups.create', { id: gid, name: 'Target group', description: '' }), 'group');
  return { group: gid };
};
const waiting = async () => ({ run: await runIn(approvalFlow, 'waiting') });
const failed = async () => ({ run: await runIn(failingFlow, 'failed') });
const task = async () => {
  const { taskId } = await openTask(approvalFlow);
  return { task: taskId };
};
/** Someone other than the caller to delegate to. */
const delegateTo = (who: Person) => (who.id === admin.id ? people.approver.id : admin.id);

const MUTATIONS: Mutation[] = [
  // REST, API keys
  { name: 'REST create workflow', perm: 'workflow.edit', call: (w) => rest(w, 'POST', '/api/v1/workflows', approval(`r-${uniq()}`)) },
  { name: 'REST publish', perm: 'workflow.publish', prepare: draft, call: (w, x) => rest(w, 'POST', `/api/v1/workflows/${x.wf}/publish`) },
  { name: 'REST replace draft', perm: 'workflow.edit', prepare: draft, call: (w, x) => rest(w, 'PUT', `/api/v1/workflows/${x.wf}`, approval(`put-${uniq()}`)) },
  { name: 'REST delete workflow', perm: 'workflow.edit', prepare: draft, call: (w, x) => rest(w, 'DELETE', `/api/v1/workflows/${x.wf}`) },
  { name: 'REST start run', perm: 'run.start', call: (w) => rest(w, 'POST', `/api/v1/workflows/${approvalFlow}/runs`, { input: {} }) },
  { name: 'REST cancel run', perm: 'run.cancel', prepare: waiting, call: (w, x) => rest(w, 'POST', `/api/v1/runs/${x.run}/cancel`, { reason: 'matrix' }) },
  { name: 'REST retry run', perm: 'run.retry', prepare: failed, call: (w, x) => rest(w, 'POST', `/api/v1/runs/${x.run}/retry`, {}) },
  { name: 'REST claim task', perm: 'task.act', prepare: task, call: (w, x) => rest(w, 'POST', `/api/v1/tasks/${x.task}/claim`) },
  { name: 'REST delegate task', perm: 'task.act', prepare: task, call: (w, x) => rest(w, 'POST', `/api/v1/tasks/${x.task}/delegate`, { userId: delegateTo(w), reason: 'matrix' }) },
  { name: 'REST complete task', perm: 'task.act', prepare: task, call: (w, x) => rest(w, 'POST', `/api/v1/tasks/${x.task}/complete`, { outcome: 'approve' }) },
  { name: 'REST create credential', perm: 'credential.manage', call: (w) => rest(w, 'POST', '/api/v1/credentials', { name: `r-${uniq()}`, type: 'bearer', data: { token: 'secret-token-2' } }) },
  { name: 'REST rotate credential', perm: 'credential.manage', prepare: credential, call: (w, x) => rest(w, 'PATCH', `/api/v1/credentials/${x.cred}`, { data: { token: 'rotated-token-3' } }) },
  { name: 'REST delete credential', perm: 'credential.manage', prepare: credential, call: (w, x) => rest(w, 'DELETE', `/api/v1/credentials/${x.cred}`) },
  // tRPC, session cookies
  { name: 'tRPC workflows.create', perm: 'workflow.edit', call: (w) => t(w, 'workflows.create', { name: `t-${uniq()}` }) },
  { name: 'tRPC workflows.import', perm: 'workflow.edit', call: (w) => t(w, 'workflows.import', { document: approval(`i-${uniq()}`) }) },
  { name: 'tRPC workflows.rename', perm: 'workflow.edit', prepare: draft, call: (w, x) => t(w, 'workflows.rename', { id: x.wf, name: `renamed-${uniq()}` }) },
  { name: 'tRPC workflows.saveDraft', perm: 'workflow.edit', prepare: draft, call: (w, x) => t(w, 'workflows.saveDraft', { id: x.wf, document: approval(`saved-${uniq()}`) }) },
  { name: 'tRPC workflows.delete', perm: 'workflow.edit', prepare: draft, call: (w, x) => t(w, 'workflows.delete', { id: x.wf }) },
  { name: 'tRPC workflows.publish', perm: 'workflow.publish', prepare: draft, call: (w, x) => t(w, 'workflows.publish', { id: x.wf }) },
  { name: 'tRPC runs.start', perm: 'run.start', call: (w) => t(w, 'runs.start', { workflowId: approvalFlow, input: {} }) },
  { name: 'tRPC runs.cancel', perm: 'run.cancel', prepare: waiting, call: (w, x) => t(w, 'runs.cancel', { id: x.run, reason: 'matrix' }) },
  { name: 'tRPC runs.retry', perm: 'run.retry', prepare: failed, call: (w, x) => t(w, 'runs.retry', { id: x.run }) },
  { name: 'tRPC tasks.claim', perm: 'task.act', prepare: task, call: (w, x) => t(w, 'tasks.claim', { id: x.task }) },
  {
    name: 'tRPC tasks.unclaim',
    perm: 'task.act',
    prepare: task,
    // Claim first where the role may (so an allowed unclaim has something to release); a refused claim changes nothing either.
    call: async (w, x) => {
      await t(w, 'tasks.claim', { id: x.task });
      return t(w, 'tasks.unclaim', { id: x.task });
    },
  },
  { name: 'tRPC tasks.delegate', perm: 'task.act', prepare: task, call: (w, x) => t(w, 'tasks.delegate', { id: x.task, userId: delegateTo(w), reason: 'matrix' }) },
  { name: 'tRPC tasks.complete', perm: 'task.act', prepare: task, call: (w, x) => t(w, 'tasks.complete', { id: x.task, outcome: 'approve', data: {} }) },
  { name: 'tRPC credentials.create', perm: 'credential.manage', call: (w) => t(w, 'credentials.create', { name: `t-${uniq()}`, type: 'bearer', data: { token: 'secret-token-4' } }) },
  { name: 'tRPC credentials.update', perm: 'credential.manage', prepare: credential, call: (w, x) => t(w, 'credentials.update', { id: x.cred, name: `renamed-${uniq()}` }) },
  { name: 'tRPC credentials.delete', perm: 'credential.manage', prepare: credential, call: (w, x) => t(w, 'credentials.delete', { id: x.cred }) },
  { name: 'tRPC settings.setModelPrices', perm: 'settings.manage', call: (w) => t(w, 'settings.setModelPrices', { prices: { 'gpt-4o-mini': { promptPer1k: 0.00015, completionPer1k: 0.0006 } } }) },
  { name: 'tRPC users.create', perm: 'people.manage', call: (w) => t(w, 'users.create', { name: 'New Person', email: `p-${uniq()}@example.test`, roles: ['viewer'], password: 'a-long-password-1' }) },
  {
    name: 'tRPC users.update',
    perm: 'people.manage',
    prepare: async () => ({ person: await createPerson(server.baseUrl, admin.cookie, { name: 'Target', email: `u-${uniq()}@example.test`, roles: ['viewer'], password: 'a-long-password-2' }) }),
    call: (w, x) => t(w, 'users.update', { id: x.person, change: { roles: ['viewer', 'approver'] } }),
  },
  {
    name: 'tRPC users.setPassword',
    perm: 'people.manage',
    prepare: async () => ({ person: await createPerson(server.baseUrl, admin.cookie, { name: 'Target', email: `s-${uniq()}@example.test`, roles: ['viewer'], password: 'a-long-password-3' }) }),
    call: (w, x) => t(w, 'users.setPassword', { id: x.person, password: 'another-password-4' }),
  },
  { name: 'tRPC groups.create', perm: 'people.manage', call: (w) => t(w, 'groups.create', { id: `g-${uniq()}`, name: 'Group', description: '' }) },
  { name: 'tRPC groups.update', perm: 'people.manage', prepare: group, call: (w, x) => t(w, 'groups.update', { id: x.group, change: { name: `Renamed ${uniq()}` } }) },
  { name: 'tRPC groups.members', perm: 'people.manage', prepare: group, call: (w, x) => t(w, 'groups.members', { id: x.group, add: [people.approver.id] }) },
  { name: 'tRPC groups.delete', perm: 'people.manage', prepare: group, call: (w, x) => t(w, 'groups.delete', { id: x.group }) },
  { name: 'tRPC apiKeys.create (own)', perm: null, call: (w) => t(w, 'apiKeys.create', { name: `k-${uniq()}` }) },
  {
    name: 'tRPC apiKeys.revoke (own)',
    perm: null,
    // Each person revokes a key of their own, made for the cell.
    call: async (w) => {
      const made = await ok(t(w, 'apiKeys.create', { name: `r-${uniq()}` }), 'key');
      return t(w, 'apiKeys.revoke', { id: made.id });
    },
  },
  // better-auth's own endpoints (session cookie)
  { name: 'better-auth /api-key/create (own)', perm: null, call: (w) => betterAuth(w, '/api-key/create', { name: `b-${uniq()}` }) },
  {
    name: 'better-auth /api-key/delete (own)',
    perm: null,
    call: async (w) => {
      const made = await ok(t(w, 'apiKeys.create', { name: `d-${uniq()}` }), 'key');
      return betterAuth(w, '/api-key/delete', { keyId: made.id });
    },
  },
];

/** What each allowed cell must record (for cells whose setup also writes entries of the caller, the last one). */
const AUDITED: Record<string, string> = {
  'better-auth /api-key/create (own)': 'api_key.create',
  'better-auth /api-key/delete (own)': 'api_key.revoke',
  'tRPC apiKeys.revoke (own)': 'api_key.revoke',
  'tRPC tasks.unclaim': 'task.unclaim',
  'REST create credential': 'credential.create',
  'REST rotate credential': 'credential.update',
  'REST delete credential': 'credential.delete',
  'REST create workflow': 'workflow.create',
  'tRPC workflows.create': 'workflow.create',
  'tRPC workflows.import': 'workflow.import',
  'tRPC workflows.rename': 'workflow.rename',
  'tRPC workflows.delete': 'workflow.delete',
  'tRPC settings.setModelPrices': 'settings.update',
};

describe.skipIf(SKIP)('authorization (real server over HTTP)', () => {
  beforeAll(async () => {
    server = await startServer();
    const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    const adminId = (await ok(trpc(server.baseUrl, cookie, 'users.me', undefined, 'query'), 'me')).id as string;
    admin = { id: adminId, email: ADMIN.email, password: ADMIN.password, cookie, headers: { 'x-api-key': await apiKey(server.baseUrl, cookie) } };
    people.admin = admin;
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const email = `${role}@example.test`;
      const id = await createPerson(server.baseUrl, cookie, { name: `The ${role}`, email, roles: [role], password: `${role}-password-1` });
      people[role] = await ready(server.baseUrl, id, email, `${role}-password-1`);
    }
    approvalFlow = await published(approval('Matrix approval'));
    failingFlow = await published(failing);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('covers every permission of the role table', () => {
    const covered = new Set(MUTATIONS.map((m) => m.perm));
    for (const p of Object.keys(PERMISSIONS) as Permission[]) if (p !== 'task.see_all' && p !== 'audit.read' && p !== 'system.read') expect(covered, p).toContain(p);
  });

  for (const m of MUTATIONS) {
    for (const role of ROLES) {
      const allowed = m.perm === null || (PERMISSIONS[m.perm] as readonly string[]).includes(role);
      it(`${m.name} as ${role}: ${allowed ? 'allowed' : '403'}`, async () => {
        const target = m.prepare ? await m.prepare() : {};
        const before = allowed ? null : await snapshot();
        const mark = await lastAuditId();
        const r = await m.call(people[role], target);
        if (allowed) {
          expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(200);
          expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
          // Every action records its caller.
          const recorded = await auditedSince(mark, people[role].id);
          expect(recorded.length, `${m.name} left no audit entry by ${people[role].id}`).toBeGreaterThan(0);
          if (AUDITED[m.name]) expect(recorded.at(-1)).toBe(AUDITED[m.name]);
        } else {
          expect(r.status, JSON.stringify(r.body)).toBe(403);
          const code = r.body?.error?.data?.code ?? r.body?.error?.code;
          expect(code === 'forbidden' || code === 'FORBIDDEN', JSON.stringify(r.body)).toBe(true);
          await new Promise((res) => setTimeout(res, 30));
          expect(await snapshot()).toEqual(before);
        }
      });
    }
  }

  it('reads: every role reads workflows and runs; only admins read the audit log and list people', async () => {
    for (const role of ROLES) {
      const who = people[role];
      expect((await rest(who, 'GET', '/api/v1/workflows')).status).toBe(200);
      expect((await rest(who, 'GET', `/api/v1/workflows/${approvalFlow}`)).status).toBe(200);
      expect((await rest(who, 'GET', '/api/v1/audit')).status).toBe(role === 'admin' ? 200 : 403);
      expect((await trpc(server.baseUrl, who.cookie, 'users.people', undefined, 'query')).status).toBe(role === 'admin' ? 200 : 403);
    }
  });

  it('nobody signed in: 401 from REST and tRPC, and the pages redirect to sign-in', async () => {
    expect((await fetch(`${server.baseUrl}/api/v1/workflows`)).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/api/trpc/workflows.list`)).status).toBe(401);
    const page = await fetch(`${server.baseUrl}/workflows`, { redirect: 'manual' });
    expect(page.status).toBeGreaterThanOrEqual(300);
    expect(page.status).toBeLessThan(400);
    expect(page.headers.get('location')).toMatch(/\/sign-in/);
  });

  it('a non-candidate approver can neither see nor complete a task', async () => {
    const wf = await published(approval('Only for the approver', { candidateUsers: people.approver.id }));
    const { taskId } = await openTask(wf);
    const outsider = await createPerson(server.baseUrl, admin.cookie, { name: 'Other approver', email: `o-${uniq()}@example.test`, roles: ['approver'], password: 'other-password-1' });
    const other = await ready(server.baseUrl, outsider, (await ok(trpc(server.baseUrl, admin.cookie, 'users.people', undefined, 'query'), 'people')).find((p: { id: string }) => p.id === outsider).email, 'other-password-1');
    const listed = await rest(other, 'GET', '/api/v1/tasks?status=open');
    expect(listed.body.map((x: { id: string }) => x.id)).not.toContain(taskId);
    expect((await trpc(server.baseUrl, other.cookie, 'tasks.get', { id: taskId }, 'query')).status).toBe(403);
    const viaTrpc = await trpc(server.baseUrl, other.cookie, 'tasks.list', { status: 'open' }, 'query');
    expect(viaTrpc.status).toBe(200);
    expect(viaTrpc.body.result.data.map((x: { id: string }) => x.id)).not.toContain(taskId);
    expect((await trpc(server.baseUrl, other.cookie, 'tasks.history', { id: taskId }, 'query')).status).toBe(403);
    expect((await trpc(server.baseUrl, people.viewer.cookie, 'tasks.list', { runId: (await rest(admin, 'GET', `/api/v1/tasks?status=open`)).body.find((x: { id: string }) => x.id === taskId).runId }, 'query')).body.result.data).toEqual([]);
    const before = await snapshot();
    expect((await rest(other, 'POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' })).status).toBe(403);
    expect((await trpc(server.baseUrl, other.cookie, 'tasks.complete', { id: taskId, outcome: 'approve', data: {} })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await rest(people.approver, 'GET', '/api/v1/tasks?status=open')).body.map((x: { id: string }) => x.id)).toContain(taskId);
  });

  it('two approvers completing one task at once: exactly one completion', async () => {
    const second = await createPerson(server.baseUrl, admin.cookie, { name: 'Second approver', email: `race-${uniq()}@example.test`, roles: ['approver'], password: 'race-password-1' });
    const email = (await ok(trpc(server.baseUrl, admin.cookie, 'users.people', undefined, 'query'), 'people')).find((p: { id: string }) => p.id === second).email;
    const b = await ready(server.baseUrl, second, email, 'race-password-1');
    for (let round = 0; round < 5; round++) {
      const { runId, taskId } = await openTask(approvalFlow);
      const [x, y] = await Promise.all([
        rest(people.approver, 'POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' }),
        trpc(server.baseUrl, b.cookie, 'tasks.complete', { id: taskId, outcome: 'reject', data: {} }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const [completions] = await serverSql<{ n: number }>(server, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'task.complete' AND target_id = ?`, [taskId]);
      expect(completions.n).toBe(1);
      const run = await until(async () => {
        const r = (await rest(admin, 'GET', `/api/v1/runs/${runId}`)).body;
        return r.status === 'succeeded' ? r : null;
      }, 'run end');
      expect(run.output.ok).toBe(x.status === 200);
    }
  });

  it('refuses cross-site cookie requests (CSRF) but not API keys', async () => {
    const who = people.designer;
    const post = (headers: Record<string, string>) =>
      fetch(`${server.baseUrl}/api/trpc/workflows.create`, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'csrf' }) });
    const before = await snapshot();
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const restCsrf = await fetch(`${server.baseUrl}/api/v1/workflows`, { method: 'POST', headers: { cookie: who.cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify(approval('csrf')) });
    expect(restCsrf.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await post({ origin: server.baseUrl })).status).toBe(200);
    // The same name again would be refused (names are unique, 409): a same-origin request under another name.
    const again = await fetch(`${server.baseUrl}/api/trpc/workflows.create`, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body: JSON.stringify({ name: 'csrf same-site' }) });
    expect(again.status).toBe(200);
    expect((await rest(who, 'POST', '/api/v1/workflows', approval('with a key'))).status).toBe(201);
  });

  it('session cookies are HttpOnly and SameSite=Lax; wrong passwords get one answer', async () => {
    const res = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('baton.session_token='))!;
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    const wrong = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ email: ADMIN.email, password: 'not-the-password' }) });
    const unknown = await fetch(`${server.baseUrl}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl }, body: JSON.stringify({ email: 'nobody@example.test', password: 'not-the-password' }) });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('baton.session_token=') && !/Max-Age=0/i.test(c))).toBe(false);
  });

  it('a disabled person cannot sign in and their key and session stop working; a revoked key stops at once', async () => {
    const id = await createPerson(server.baseUrl, admin.cookie, { name: 'Leaver', email: 'leaver@example.test', roles: ['operator'], password: 'leaver-password-1' });
    const leaver = await ready(server.baseUrl, id, 'leaver@example.test', 'leaver-password-1');
    expect((await rest(leaver, 'GET', '/api/v1/workflows')).status).toBe(200);
    expect((await trpc(server.baseUrl, admin.cookie, 'users.update', { id, change: { disabled: true } })).status).toBe(200);
    expect((await rest(leaver, 'GET', '/api/v1/workflows')).status).toBe(401);
    expect((await trpc(server.baseUrl, leaver.cookie, 'workflows.list', undefined, 'query')).status).toBe(401);
    await expect(signIn(server.baseUrl, 'leaver@example.test', 'leaver-password-1')).rejects.toThrow(/403/);

    const keys = (await ok(trpc(server.baseUrl, people.viewer.cookie, 'apiKeys.list', undefined, 'query'), 'keys')) as { id: string }[];
    expect((await rest(people.viewer, 'GET', '/api/v1/workflows')).status).toBe(200);
    for (const k of keys) expect((await trpc(server.baseUrl, people.viewer.cookie, 'apiKeys.revoke', { id: k.id })).status).toBe(200);
    expect((await rest(people.viewer, 'GET', '/api/v1/workflows')).status).toBe(401);
  });

  it('records sign-ins, refused sign-ins, and people changes in the audit log', async () => {
    const entries = (await rest(admin, 'GET', '/api/v1/audit?limit=1000')).body as { action: string }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['auth.sign_in', 'auth.sign_in_refused', 'user.create', 'user.update', 'user.password_set', 'api_key.create', 'api_key.revoke', 'credential.create', 'credential.delete'])
      expect(actions, a).toContain(a);
  });
});

describe.skipIf(SKIP)('sign-in rate limit (real server)', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startServer({ env: { BATON_SIGNIN_LIMIT: '3', BATON_SIGNIN_WINDOW_S: '60' } });
  }, 120_000);
  afterAll(async () => {
    await limited?.stop();
    limited?.removeDb();
  });

  it('answers 429 after the limit, even with the right password', async () => {
    const attempt = (password: string) =>
      fetch(`${limited.baseUrl}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: limited.baseUrl }, body: JSON.stringify({ email: ADMIN.email, password }) });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt('wrong-password-x')).status);
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await attempt(ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('x-retry-after'))).toBeGreaterThan(0);
  });
});
