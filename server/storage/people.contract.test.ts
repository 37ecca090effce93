/**
 * The people port on both backends: people and their sign-in state, the read-check-write
 * of `changePerson` (decide sees everyone; refusals write nothing), seeding, groups with
 * members and their decide callbacks, open tasks naming a group, API keys.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { addUser, exec } from '@/tests/helpers/storage-sql';
import type { AuditInput } from './ports/audit';

const audit = (action: AuditInput['action'], targetId: string): AuditInput[] => [{ actor: 'ada', action, targetType: 'group', targetId, at: 5 }];

async function openTask(t: TestStorage, id: string, over: { status?: string; candidateGroups?: string; escalationGroup?: string | null }): Promise<void> {
  if (!(await exec(t, `SELECT 1 AS x FROM workflows WHERE id = 'wf'`)).length) {
    await exec(t, `INSERT INTO workflows (id, name, draft, created_at, updated_at) VALUES ('wf', 'W', '{}', 1, 1)`);
    await exec(t, `INSERT INTO runs (id, workflow_id, status, input, state, state_version, started_by, created_at, updated_at) VALUES ('run', 'wf', 'running', '{}', '{}', 1, 'ada', 1, 1)`);
  }
  await exec(
    t,
    `INSERT INTO tasks (id, run_id, step_id, node_id, workflow_id, title, form, outcomes, status, created_at, candidate_groups, escalation_group) VALUES (?, 'run', ?, 'n', 'wf', 'T', '[]', '[]', ?, 1, ?, ?)`,
    [id, `s_${id}`, over.status ?? 'open', over.candidateGroups ?? '[]', over.escalationGroup ?? null],
  );
}

describe.each(DIALECTS)('people store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('reads people: pickers by name, access, email lookup, sign-in state', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    await addUser(t, { id: 'u2', name: 'bob', roles: 'approver,admin', password: 'hash', at: 2_000 });
    await addUser(t, { id: 'u1', name: 'Zed', roles: 'viewer', disabled: true });
    await addUser(t, { id: 'u3', name: 'amy', roles: 'designer', password: null });
    expect(await p.listUsers()).toEqual([
      { id: 'u1', name: 'Zed', email: 'u1@example.test' },
      { id: 'u3', name: 'amy', email: 'u3@example.test' },
      { id: 'u2', name: 'bob', email: 'u2@example.test' },
    ]);
    expect(await p.getUser('u3')).toEqual({ id: 'u3', name: 'amy', email: 'u3@example.test' });
    expect(await p.getUser('nope')).toBeNull();
    expect(await p.userAccess('u2')).toEqual({ id: 'u2', name: 'bob', email: 'u2@example.test', roles: ['admin', 'approver'], disabled: false });
    expect(await p.userAccess('u1')).toMatchObject({ disabled: true });
    expect(await p.userAccess('nope')).toBeNull();
    expect(await p.userIdByEmail('u3@example.test')).toBe('u3');
    expect(await p.userIdByEmail('U3@example.test')).toBeNull();
    expect(await p.people()).toEqual([
      { id: 'u1', name: 'Zed', email: 'u1@example.test', roles: ['viewer'], disabled: true, canSignIn: false, createdAt: 1_000 },
      { id: 'u3', name: 'amy', email: 'u3@example.test', roles: ['designer'], disabled: false, canSignIn: false, createdAt: 1_000 },
      { id: 'u2', name: 'bob', email: 'u2@example.test', roles: ['admin', 'approver'], disabled: false, canSignIn: true, createdAt: 2_000 },
    ]);
    expect(await p.hasCredentialAccount('u3')).toBe(true);
    expect(await p.hasCredentialAccount('u1')).toBe(false);
  });

  it('changePerson: decide sees the person and everyone, writes only given fields with its audit entries, refuses atomically', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    await addUser(t, { id: 'a', name: 'Ada', roles: 'admin', password: 'h' });
    await addUser(t, { id: 'b', name: 'Bo', roles: 'viewer' });
    const after = await p.changePerson('b', (person, everyone) => {
      expect(person).toMatchObject({ id: 'b', roles: ['viewer'] });
      expect(everyone.map((x) => x.id)).toEqual(['a', 'b']);
      return { roles: ['operator', 'admin'], disabled: true, updatedAt: 9, audit: [{ actor: 'a', action: 'user.update', targetType: 'user', targetId: 'b', details: { disabled: true }, at: 9 }] };
    });
    expect(after).toMatchObject({ id: 'b', name: 'Bo', roles: ['admin', 'operator'], disabled: true });
    expect((await exec(t, `SELECT updated_at AS u FROM users WHERE id = 'b'`))[0]!.u).toBe(9);
    expect(await p.changePerson('b', () => ({ name: 'Bob', disabled: false }))).toMatchObject({ name: 'Bob', roles: ['admin', 'operator'], disabled: false });
    await expect(
      p.changePerson('a', () => {
        throw new Error('last admin');
      }),
    ).rejects.toThrow('last admin');
    expect(await p.changePerson('a', () => null)).toMatchObject({ roles: ['admin'] });
    expect(await p.changePerson('nope', (person) => (expect(person).toBeNull(), { name: 'x' }))).toBeNull();
    expect((await t.storage.audit.list()).map((e) => `${e.action}:${e.targetId}`)).toEqual(['user.update:b']);
  });

  it('changePerson serializes concurrent changes: two admins demoting each other leave one admin', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    await addUser(t, { id: 'a', roles: 'admin', password: 'h' });
    await addUser(t, { id: 'b', roles: 'admin', password: 'h' });
    const demote = (id: string) =>
      p.changePerson(id, (_person, everyone) => {
        if (everyone.filter((x) => x.roles.includes('admin')).length <= 1) throw new Error('last admin');
        return { roles: ['viewer'] };
      });
    const results = await Promise.allSettled([demote('a'), demote('b')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await p.people()).filter((x) => x.roles.includes('admin'))).toHaveLength(1);
  });

  it('seedPeople inserts only into an empty table', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    const seed = [
      { id: 'alex', name: 'Alex', email: 'alex@example.com', roles: 'designer,operator' },
      { id: 'sam', name: 'Sam', email: 'sam@example.com', roles: 'approver' },
    ];
    expect(await p.seedPeople(seed, 3_000)).toBe(true);
    expect(await p.people()).toEqual([
      { id: 'alex', name: 'Alex', email: 'alex@example.com', roles: ['designer', 'operator'], disabled: false, canSignIn: false, createdAt: 3_000 },
      { id: 'sam', name: 'Sam', email: 'sam@example.com', roles: ['approver'], disabled: false, canSignIn: false, createdAt: 3_000 },
    ]);
    expect(await p.seedPeople([{ id: 'x', name: 'X', email: 'x@example.com', roles: 'viewer' }], 4_000)).toBe(false);
    expect(await p.listUsers()).toHaveLength(2);
  });

  it('groups: create (checked and unchecked), list, get, access, update, members, delete', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    for (const id of ['priya', 'sam', 'Vic']) await addUser(t, { id, roles: 'approver' });
    await p.createGroup({ id: 'support', name: 'support', description: '', members: ['sam'] }, 1);
    await expect(p.createGroup({ id: 'support', name: 'Again', description: '', members: [] }, 1)).rejects.toThrow();
    const seen: unknown[] = [];
    await p.createGroup({ id: 'finance', name: 'Finance', description: 'Pays', members: ['Vic', 'priya', 'sam'] }, 2, (s) => (seen.push(s), audit('group.create', 'finance')));
    await expect(
      p.createGroup({ id: 'finance', name: 'F', description: '', members: ['ghost', 'sam', 'alien'] }, 2, (s) => {
        seen.push(s);
        throw new Error('taken');
      }),
    ).rejects.toThrow('taken');
    expect(seen).toEqual([
      { taken: false, unknownMembers: [] },
      { taken: true, unknownMembers: ['alien', 'ghost'] },
    ]);
    expect(await p.listGroups()).toEqual([
      { id: 'finance', name: 'Finance', description: 'Pays', members: ['Vic', 'priya', 'sam'] },
      { id: 'support', name: 'support', description: '', members: ['sam'] },
    ]);
    expect(await p.getGroup('support')).toEqual({ id: 'support', name: 'support', description: '', members: ['sam'] });
    expect(await p.getGroup('nope')).toBeNull();
    expect(await p.access('sam')).toEqual({ roles: ['approver'], groups: ['finance', 'support'] });
    expect(await p.access('nobody')).toEqual({ roles: [], groups: [] });

    expect(await p.updateGroup('support', (g) => (expect(g?.name).toBe('support'), { name: 'Support', description: 'Helps', audit: audit('group.update', 'support') }))).toMatchObject({ name: 'Support', description: 'Helps' });
    expect(await p.updateGroup('support', () => null)).toMatchObject({ name: 'Support' });
    expect(await p.updateGroup('nope', (g) => (expect(g).toBeNull(), null))).toBeNull();

    const members = await p.changeMembers('support', ['priya', 'ghost'], (s) => {
      expect(s).toEqual({ group: { id: 'support', name: 'Support', description: 'Helps', members: ['sam'] }, unknownUsers: ['ghost'] });
      return { add: ['priya'], remove: ['sam'], audit: audit('group.members', 'support') };
    });
    expect(members?.members).toEqual(['priya']);
    await expect(
      p.changeMembers('support', ['Vic'], () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await p.changeMembers('nope', [], (s) => (expect(s.group).toBeNull(), null))).toBeNull();
    expect((await p.getGroup('support'))?.members).toEqual(['priya']);

    await p.deleteGroup('support', (s) => (expect(s).toMatchObject({ group: { id: 'support' }, openTasks: 0 }), audit('group.delete', 'support')));
    expect(await p.getGroup('support')).toBeNull();
    expect((await p.access('priya')).groups).toEqual(['finance']);
    await p.deleteGroup('support', (s) => (expect(s).toEqual({ group: null, openTasks: 0 }), []));
    expect((await t.storage.audit.list()).map((e) => e.action).reverse()).toEqual(['group.create', 'group.update', 'group.members', 'group.delete']);
  });

  it('counts open tasks naming a group as candidate or escalation group; delete sees the count and may refuse', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    await p.createGroup({ id: 'ops', name: 'Ops', description: '', members: [] }, 1);
    await openTask(t, 't1', { candidateGroups: '["ops","x"]' });
    await openTask(t, 't2', { escalationGroup: 'ops' });
    await openTask(t, 't3', { candidateGroups: '["ops"]', status: 'completed' });
    await openTask(t, 't4', { candidateGroups: '["opsx"]' });
    expect(await p.openTasksNaming('ops')).toBe(2);
    expect(await p.openTasksNaming('x')).toBe(1);
    expect(await p.openTasksNaming('none')).toBe(0);
    await expect(
      p.deleteGroup('ops', (s) => {
        expect(s.openTasks).toBe(2);
        throw new Error('in use');
      }),
    ).rejects.toThrow('in use');
    expect(await p.getGroup('ops')).not.toBeNull();
  });

  it('seedGroups inserts what decide returns, only when there are no groups', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    await addUser(t, { id: 'sam' });
    expect(await p.seedGroups(1, () => [])).toBe(false);
    expect(await p.seedGroups(1, (ids) => (ids.has('sam') ? [{ id: 'g', name: 'G', description: 'd', members: ['sam'] }] : []))).toBe(true);
    expect(await p.listGroups()).toEqual([{ id: 'g', name: 'G', description: 'd', members: ['sam'] }]);
    expect(await p.seedGroups(1, () => [{ id: 'h', name: 'H', description: '', members: [] }])).toBe(false);
  });

  it('API keys: listed newest first without the hash; deleted only by their owner, with the audit entry', async () => {
    t = await openTestStorage(dialect);
    const p = t.storage.people;
    await addUser(t, { id: 'ada' });
    await addUser(t, { id: 'bo' });
    const key = (id: string, owner: string, createdAt: number, more: unknown[] = [null, null]) =>
      exec(t!, `INSERT INTO api_keys (id, name, start, key, reference_id, created_at, updated_at, last_request, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [id, `k ${id}`, `baton_${id}`, `hash-${id}`, owner, createdAt, createdAt, ...more]);
    await key('k1', 'ada', 10);
    await key('k2', 'ada', 20, [25, 99]);
    await key('k3', 'bo', 30);
    expect(await p.listApiKeys('ada')).toEqual([
      { id: 'k2', name: 'k k2', start: 'baton_k2', createdAt: 20, lastUsedAt: 25, expiresAt: 99 },
      { id: 'k1', name: 'k k1', start: 'baton_k1', createdAt: 10, lastUsedAt: null, expiresAt: null },
    ]);
    const revoke = [{ actor: 'ada', action: 'api_key.revoke' as const, targetType: 'api_key', targetId: 'k3', at: 1 }];
    expect(await p.deleteApiKey('ada', 'k3', revoke)).toBe(false);
    expect(await p.deleteApiKey('bo', 'k3', revoke)).toBe(true);
    expect(await p.listApiKeys('bo')).toEqual([]);
    expect((await t.storage.audit.list()).map((e) => e.targetId)).toEqual(['k3']);
  });
});
