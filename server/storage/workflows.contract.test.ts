/**
 * The workflow store (`ports/workflows.ts`) on both backends, through the workflow
 * service that uses it and directly: listing with node and run counts, reads, creation
 * with unique live names, draft saves guarded by revision, renames, soft deletes that
 * stop triggers, publishing (one transaction with its version, triggers and audit entry)
 * and the paged version history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { insertRawRun, rawSql } from '@/tests/helpers/raw-sql';
import { doc, edge, node } from '@/tests/helpers/docs';
import { WorkflowService } from '../services/workflows';
import { AppError } from '../errors';

const T0 = Date.UTC(2026, 0, 5, 9);

const manual = (name: string) => doc(name, [node('start', 'manualTrigger'), node('done', 'end')], [edge('start', 'done')]);
const hooked = (name: string, token: string) => doc(name, [node('hook', 'webhookTrigger', { token }), node('done', 'end')], [edge('hook', 'done')]);
const scheduled = (name: string, cron: string) => doc(name, [node('tick', 'scheduleTrigger', { cron, timezone: 'UTC', missedFires: 'fireOnce' }), node('done', 'end')], [edge('tick', 'done')]);
const TOKEN_A = 'a'.repeat(32);

describe.each(DIALECTS)('workflow store on %s', (dialect) => {
  let t: TestStorage | null = null;
  let now = T0;
  afterEach(async () => {
    await t?.close();
    t = null;
    now = T0;
  });
  const open = async () => {
    t = await openTestStorage(dialect);
    return { t, svc: new WorkflowService(t.storage, () => now) };
  };
  const audit = async (tt: TestStorage, targetId: string) =>
    (await rawSql<{ action: string }>(tt, `SELECT action FROM audit_log WHERE target_id = ? ORDER BY id`, [targetId])).map((r) => r.action);

  it('creates, lists live workflows newest first with node and run counts, and reads one', async () => {
    const { t, svc } = await open();
    const alpha = manual('Alpha');
    const a = await svc.create(alpha, 'u1');
    now += 1000;
    const b = await svc.create(doc('Beta', [node('start', 'manualTrigger'), node('x', 'transform', { expression: '1' }), node('done', 'end')], []), 'u1', 'workflow.create');
    await insertRawRun(t, 'run_1', a, null);
    await insertRawRun(t, 'run_2', a, null);
    const list = await svc.list();
    expect(list.map((w) => [w.id, w.name, w.nodeCount, w.runCount, w.latestVersion, w.hasUnpublishedChanges, w.updatedAt])).toEqual([
      [b, 'Beta', 3, 0, 0, true, T0 + 1000],
      [a, 'Alpha', 2, 2, 0, true, T0],
    ]);
    const got = await svc.get(a);
    expect(got).toMatchObject({ id: a, name: 'Alpha', draftRevision: 1, latestVersion: 0, versions: [], draft: alpha });
    expect(await t.storage.workflows.get('wf_missing')).toBeNull();
    await expect(svc.get('wf_missing')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await audit(t, a)).toEqual(['workflow.import']);
    expect(await audit(t, b)).toEqual(['workflow.create']);
  });

  it('refuses a live name another workflow has (ignoring case and spaces), proposing a free one; a deleted workflow frees its name', async () => {
    const { t, svc } = await open();
    const a = await svc.create(manual('Orders'), 'u1', 'workflow.create', { uniqueName: true });
    const err = await svc.create(manual('x'), 'u1', 'workflow.create', { uniqueName: true, name: '  orders ' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'conflict', issues: [{ path: ['name'], code: 'NAME_TAKEN', message: 'already taken; "orders (2)" is free' }] });
    // Without uniqueName (the seed, imports by the system) the name is not checked.
    await svc.create(manual('Orders'), 'system');
    const b = await svc.create(manual('Invoices'), 'u1', 'workflow.create', { uniqueName: true });
    await expect(svc.rename(b, 'ORDERS', 'u1')).rejects.toMatchObject({ kind: 'conflict' });
    await expect(svc.saveDraft(b, manual('Orders'), undefined, 'u1')).rejects.toMatchObject({ kind: 'conflict' });
    await svc.delete(a, 'u1');
    const all = await rawSql<{ id: string }>(t, `SELECT id FROM workflows WHERE name = 'Orders' AND deleted_at IS NULL`);
    for (const w of all) if (w.id !== a) await svc.delete(w.id, 'u1');
    await expect(svc.create(manual('x'), 'u1', 'workflow.create', { uniqueName: true, name: 'Orders' })).resolves.toMatch(/^wf_/);
  });

  it('saves a draft over the revision it was edited from and refuses a stale revision, writing nothing', async () => {
    const { t, svc } = await open();
    const id = await svc.create(manual('Draft'), 'u1');
    now += 5;
    expect(await svc.saveDraft(id, { ...manual('Draft'), description: 'one' }, 1, 'u1')).toEqual({ draftRevision: 2 });
    expect(await svc.saveDraft(id, { ...manual('Draft'), description: 'two' }, undefined, 'u1')).toEqual({ draftRevision: 3 });
    const stale = await svc.saveDraft(id, { ...manual('Draft'), description: 'lost' }, 2, 'u1').catch((e: unknown) => e);
    expect(stale).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/revision 3, you edited 2/) });
    expect(await svc.draftRevision(id)).toBe(3);
    const w = await svc.get(id);
    expect(w.description).toBe('two');
    expect(w.updatedAt).toBe(T0 + 5);
    expect(await audit(t, id)).toEqual(['workflow.import', 'workflow.save', 'workflow.save']);
    await expect(svc.saveDraft('wf_missing', manual('x'), undefined, 'u1')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('renames the workflow and its draft, audited with the old name', async () => {
    const { t, svc } = await open();
    const id = await svc.create(manual('Old'), 'u1');
    await svc.rename(id, 'New', 'u2');
    const w = await svc.get(id);
    expect([w.name, w.draft.name, w.draftRevision]).toEqual(['New', 'New', 2]);
    expect(await rawSql(t, `SELECT actor, details FROM audit_log WHERE action = 'workflow.rename'`)).toEqual([{ actor: 'u2', details: JSON.stringify({ from: 'Old', name: 'New' }) }]);
  });


  it('reads a draft for editing through the document schema: an old format upgraded, defaults filled, a broken one named', async () => {
    const { t, svc } = await open();
    const id = await svc.create(manual('Edit me'), 'u1');
    // As an older Baton wrote it: no schemaVersion, an edge without ports, a node without config.
    const old = { name: 'Edit me', description: '', nodes: [{ id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 } }, { id: 'done', type: 'end', position: { x: 0, y: 100 }, config: {} }], edges: [{ id: 'e1', source: 'start', target: 'done' }] };
    await rawSql(t, `UPDATE workflows SET draft = ? WHERE id = ?`, [JSON.stringify(old), id]);
    const w = await svc.getForEditing(id);
    expect(w.draftError).toBeNull();
    expect(w.draft).toMatchObject({ schemaVersion: 1, nodes: [{ id: 'start', config: {} }, { id: 'done' }], edges: [{ id: 'e1', sourcePort: 'out', targetPort: 'in' }] });
    expect((await svc.get(id)).draft).toEqual(old);

    const broken = { ...old, schemaVersion: 1, nodes: [{ id: '1 bad id', type: 'end', position: { x: 0, y: 0 } }] };
    await rawSql(t, `UPDATE workflows SET draft = ? WHERE id = ?`, [JSON.stringify(broken), id]);
    const b = await svc.getForEditing(id);
    expect(b.draftError).toMatch(/^nodes\.0\.id: must start with a letter/);
    expect(b.draft).toEqual(broken);
    await expect(svc.getForEditing('wf_missing')).rejects.toMatchObject({ kind: 'not_found' });
  });
  it('publishes immutable versions with a note, one transaction with the triggers and the audit entry', async () => {
    const { t, svc } = await open();
    await rawSql(t, `INSERT INTO users (id, name, email, created_at) VALUES ('u1', 'Uma', 'uma@example.test', 0)`);
    const first = hooked('Hook', TOKEN_A);
    const id = await svc.create(first, 'u1');
    now += 10;
    expect(await svc.publish(id, 'u1', '  first  ')).toEqual({ version: 1 });
    expect(await t.storage.triggers.webhook(TOKEN_A)).toEqual({ workflowId: id, version: 1, nodeId: 'hook' });
    await svc.saveDraft(id, scheduled('Hook', '*/15 * * * *'), undefined, 'u1');
    now += 10;
    expect(await svc.publish(id, 'ghost')).toEqual({ version: 2 });
    expect(await t.storage.triggers.webhook(TOKEN_A)).toBeNull();
    expect(await t.storage.triggers.schedule(id)).toMatchObject({ version: 2, nodeId: 'tick', cron: '*/15 * * * *', nextFireAt: T0 + 15 * 60_000 });
    const w = await svc.get(id);
    expect(w).toMatchObject({ latestVersion: 2, hasUnpublishedChanges: false });
    expect(w.versions).toEqual([
      { version: 2, createdAt: T0 + 20, createdBy: 'ghost', note: '' },
      { version: 1, createdAt: T0 + 10, createdBy: 'u1', note: 'first' },
    ]);
    expect(await svc.getVersion(id, 1)).toEqual(first);
    await expect(svc.getVersion(id, 3)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await rawSql(t, `SELECT details FROM audit_log WHERE action = 'workflow.publish' ORDER BY id`)).toEqual([{ details: '{"version":1,"note":"first"}' }, { details: '{"version":2}' }]);
    // The history page names the publisher (or their id when unknown) and counts runs per version.
    await insertRawRun(t, 'run_1', id, 1);
    await insertRawRun(t, 'run_2', id, 1);
    await insertRawRun(t, 'run_3', id, null);
    const page = await svc.versions(id, { limit: 1 });
    expect(page.versions).toEqual([{ version: 2, createdAt: T0 + 20, createdBy: 'ghost', createdByName: 'ghost', note: '', runCount: 0 }]);
    const next = await svc.versions(id, { limit: 1, cursor: page.nextCursor! });
    expect(next).toEqual({ versions: [{ version: 1, createdAt: T0 + 10, createdBy: 'u1', createdByName: 'Uma', note: 'first', runCount: 2 }], nextCursor: null });
    expect((await t.storage.workflows.versionPage(id, Number.MAX_SAFE_INTEGER, 10)).map((v) => v.version)).toEqual([2, 1]);
    expect(await t.storage.workflows.versionInfos('wf_missing')).toEqual([]);
    expect(await t.storage.workflows.versionDocument(id, 9)).toBeNull();
  });

  it('a refused publish writes nothing: blocking problems, unknown groups, a webhook URL another workflow holds', async () => {
    const { t, svc } = await open();
    const holder = await svc.create(hooked('Holder', TOKEN_A), 'u1');
    await svc.publish(holder, 'u1');
    const id = await svc.create(scheduled('Copy', '0 * * * *'), 'u1');
    await svc.publish(id, 'u1');
    const before = await t.storage.triggers.schedule(id);

    await svc.saveDraft(id, hooked('Copy', TOKEN_A), undefined, 'u1');
    const taken = await svc.publish(id, 'u1').catch((e: unknown) => e);
    expect(taken).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/already used by workflow "Holder"/), issues: [{ path: ['nodes', 'hook', 'token'] }] });

    const task = doc('Copy', [node('start', 'manualTrigger'), node('ask', 'userTask', { title: 'Approve', candidateGroups: 'finance', outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')], [
      edge('start', 'ask'),
      edge('ask', 'done', 'ok'),
    ]);
    await svc.saveDraft(id, task, undefined, 'u1');
    await expect(svc.publish(id, 'u1')).rejects.toMatchObject({ kind: 'invalid', issues: [{ code: 'UNKNOWN_GROUP', path: ['nodes', 'ask', 'config', 'candidateGroups'] }] });
    await svc.saveDraft(id, doc('Copy', [node('done', 'end')], []), undefined, 'u1');
    await expect(svc.publish(id, 'u1')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(svc.publish('wf_missing', 'u1')).rejects.toMatchObject({ kind: 'not_found' });

    expect((await svc.get(id)).latestVersion).toBe(1);
    expect(await rawSql(t, `SELECT version FROM workflow_versions WHERE workflow_id = ?`, [id])).toEqual([{ version: 1 }]);
    expect(await t.storage.triggers.schedule(id)).toEqual(before);
    expect(await t.storage.triggers.webhook(TOKEN_A)).toMatchObject({ workflowId: holder });
    expect((await audit(t, id)).filter((a) => a === 'workflow.publish')).toHaveLength(1);

    // With the group, the user task publishes.
    await rawSql(t, `INSERT INTO groups (id, name, created_at) VALUES ('finance', 'Finance', 0)`);
    await svc.saveDraft(id, task, undefined, 'u1');
    expect(await svc.publish(id, 'u1')).toEqual({ version: 2 });
    expect(await t.storage.triggers.schedule(id)).toBeNull();
  });

  it('soft-deletes: gone from lists and reads, versions kept, schedule and webhook removed', async () => {
    const { t, svc } = await open();
    const hook = await svc.create(hooked('Hook', TOKEN_A), 'u1');
    await svc.publish(hook, 'u1');
    const sched = await svc.create(scheduled('Nightly', '0 2 * * *'), 'u1');
    await svc.publish(sched, 'u1');
    await svc.delete(hook, 'u1');
    await svc.delete(sched, 'u1');
    expect(await svc.list()).toEqual([]);
    await expect(svc.get(hook)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(svc.delete(hook, 'u1')).rejects.toMatchObject({ kind: 'not_found' });
    expect(await t.storage.triggers.webhook(TOKEN_A)).toBeNull();
    expect(await t.storage.triggers.schedule(sched)).toBeNull();
    expect(await rawSql(t, `SELECT COUNT(*) AS n FROM workflow_versions`)).toEqual([{ n: 2 }]);
    expect(await audit(t, hook)).toEqual(['workflow.import', 'workflow.publish', 'workflow.delete']);
  });

  it('a decide that throws writes nothing (the port refuses as the service asked)', async () => {
    const { t } = await open();
    const store = t.storage.workflows;
    const a = { actor: 'u1', action: 'workflow.create' as const, targetType: 'workflow', targetId: 'wf_x', at: T0 };
    await store.create({ id: 'wf_x', name: 'X', description: '', draft: JSON.stringify(manual('X')), createdAt: T0 }, { audit: a });
    await expect(store.create({ id: 'wf_y', name: 'Y', description: '', draft: '{}', createdAt: T0 }, { audit: a, checkNames: () => { throw new Error('no'); } })).rejects.toThrow('no');
    await expect(store.writeDraft('wf_x', () => { throw new Error('stale'); })).rejects.toThrow('stale');
    await expect(store.softDelete('wf_x', () => { throw new Error('keep'); })).rejects.toThrow('keep');
    await expect(store.publish('wf_x', () => { throw new Error('invalid'); })).rejects.toThrow('invalid');
    expect(await rawSql(t, `SELECT id, draft_revision AS rev, latest_version AS v, deleted_at AS d FROM workflows`)).toEqual([{ id: 'wf_x', rev: 1, v: 0, d: null }]);
    expect(await rawSql(t, `SELECT COUNT(*) AS n FROM audit_log`)).toEqual([{ n: 1 }]);
  });
});

describe('workflow store on postgres, concurrent writers', () => {
  it('two creations of one name at once: exactly one wins; two saves over one revision: exactly one wins', async () => {
    const t = await openTestStorage('postgres');
    try {
      const svc = new WorkflowService(t.storage, () => T0);
      const both = await Promise.allSettled([0, 1].map(() => svc.create(manual('Same'), 'u1', 'workflow.create', { uniqueName: true })));
      expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ kind: 'conflict' });
      const id = (both.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<string>).value;
      const saves = await Promise.allSettled(['a', 'b'].map((d) => svc.saveDraft(id, { ...manual('Same'), description: d }, 1, 'u1')));
      expect(saves.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await svc.draftRevision(id)).toBe(2);
    } finally {
      await t.close();
    }
  });
});
