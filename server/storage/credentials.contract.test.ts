/**
 * The credential port on both backends: rows round-trip, listing by name, references
 * from drafts and versions of live workflows, and create/update/delete with their
 * decide callbacks (refusals write nothing, audit entries commit with the change).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { exec } from '@/tests/helpers/storage-sql';
import type { CredentialRow } from './ports/credentials';

const row = (id: string, name: string, over: Partial<CredentialRow> = {}): CredentialRow => ({
  id,
  name,
  type: 'bearer',
  fields: '{}',
  ciphertext: `ct-${id}`,
  iv: 'iv',
  authTag: 'tag',
  keyId: 'k1',
  encVersion: 1,
  createdAt: 1_000,
  updatedAt: 1_000,
  rotatedAt: null,
  ...over,
});

const audit = (id: string, action: 'credential.create' | 'credential.update' | 'credential.delete') => [{ actor: 'ada', action, targetType: 'credential', targetId: id, at: 5 }];

const docUsing = (credId: string, nodeId = 'call') => JSON.stringify({ nodes: [{ id: nodeId, type: 'http', config: { credentialId: credId } }, { id: 'other', type: 'end', config: {} }] });

async function workflow(t: TestStorage, id: string, name: string, draft: string, versions: string[] = [], deleted = false): Promise<void> {
  await exec(t, `INSERT INTO workflows (id, name, draft, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 1, 1, ?)`, [id, name, draft, deleted ? 2 : null]);
  for (const [i, doc] of versions.entries()) {
    await exec(t, `INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by) VALUES (?, ?, ?, 1, 'test')`, [id, i + 1, doc]);
  }
}

describe.each(DIALECTS)('credential store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('creates rows that read back unchanged, listed by name (byte order)', async () => {
    t = await openTestStorage(dialect);
    const c = t.storage.credentials;
    await c.create(row('cred_b', 'beta', { fields: '{"header":"X"}', encVersion: 2 }), () => audit('cred_b', 'credential.create'));
    await c.create(row('cred_a', 'Zeta'), () => []);
    await c.create(row('cred_c', 'alpha', { rotatedAt: 7 }), () => []);
    expect((await c.list()).map((r) => r.name)).toEqual(['Zeta', 'alpha', 'beta']);
    expect(await c.get('cred_b')).toEqual(row('cred_b', 'beta', { fields: '{"header":"X"}', encVersion: 2 }));
    expect(await c.get('nope')).toBeNull();
    expect((await t.storage.audit.list()).map((e) => `${e.action}:${e.targetId}`)).toEqual(['credential.create:cred_b']);
  });

  it('create: decide sees who holds the name and may refuse; nothing is written then', async () => {
    t = await openTestStorage(dialect);
    const c = t.storage.credentials;
    const seen: (string | null)[] = [];
    await c.create(row('cred_1', 'CRM'), (s) => (seen.push(s.nameTakenBy), []));
    await expect(
      c.create(row('cred_2', 'CRM'), (s) => {
        seen.push(s.nameTakenBy);
        throw new Error('name taken');
      }),
    ).rejects.toThrow('name taken');
    expect(seen).toEqual([null, 'cred_1']);
    expect(await c.get('cred_2')).toBeNull();
    expect(await t.storage.audit.list()).toEqual([]);
  });

  it('update: renames and rotates in one transaction with its audit entry; refusals and unknown ids write nothing', async () => {
    t = await openTestStorage(dialect);
    const c = t.storage.credentials;
    await c.create(row('cred_1', 'One'), () => []);
    await c.create(row('cred_2', 'Two'), () => []);
    const after = await c.update('cred_1', 'Uno', (s) => {
      expect(s.row?.name).toBe('One');
      expect(s.nameTakenBy).toBeNull();
      return { set: { name: 'Uno', ciphertext: 'new', iv: 'iv2', authTag: 'tag2', keyId: 'k2', encVersion: 3, updatedAt: 9, rotatedAt: 9, fields: '{"a":"b"}' }, audit: audit('cred_1', 'credential.update') };
    });
    expect(after).toEqual({ ...row('cred_1', 'Uno'), ciphertext: 'new', iv: 'iv2', authTag: 'tag2', keyId: 'k2', encVersion: 3, updatedAt: 9, rotatedAt: 9, fields: '{"a":"b"}' });
    expect(await c.get('cred_1')).toEqual(after);

    let taken: string | null = null;
    await expect(
      c.update('cred_1', 'Two', (s) => {
        taken = s.nameTakenBy;
        throw new Error('taken');
      }),
    ).rejects.toThrow('taken');
    expect(taken).toBe('cred_2');
    // Its own name is not "taken".
    await c.update('cred_2', 'Two', (s) => (expect(s.nameTakenBy).toBeNull(), { set: {} }));
    expect(await c.update('nope', undefined, (s) => (expect(s.row).toBeNull(), { set: { name: 'x' } }))).toBeNull();
    expect(await c.get('cred_1')).toEqual(after);
    expect((await t.storage.audit.list()).map((e) => e.action)).toEqual(['credential.update']);
  });

  it('references: drafts, then versions, of live workflows whose nodes use the id; delete is refused while there are any', async () => {
    t = await openTestStorage(dialect);
    const c = t.storage.credentials;
    await c.create(row('cred_1', 'Token'), () => []);
    await workflow(t, 'wf_b', 'Billing', docUsing('cred_1'), [docUsing('cred_1', 'v1call'), JSON.stringify({ nodes: [] })]);
    await workflow(t, 'wf_a', 'Alerts', docUsing('cred_1', 'notify'));
    await workflow(t, 'wf_d', 'Deleted', docUsing('cred_1'), [docUsing('cred_1')], true);
    // Mentions the id outside any node's config: not a reference.
    await workflow(t, 'wf_n', 'Notes', JSON.stringify({ description: '"cred_1"', nodes: [{ id: 'x', config: {} }] }));
    await workflow(t, 'wf_x', 'Other', docUsing('cred_10'));
    const refs = [
      { workflowId: 'wf_a', workflowName: 'Alerts', version: 'draft', nodeIds: ['notify'] },
      { workflowId: 'wf_b', workflowName: 'Billing', version: 'draft', nodeIds: ['call'] },
      { workflowId: 'wf_b', workflowName: 'Billing', version: 1, nodeIds: ['v1call'] },
    ];
    expect(await c.references('cred_1')).toEqual(refs);
    expect(await c.references('cred_unused')).toEqual([]);

    await expect(
      c.delete('cred_1', (s) => {
        expect(s.references).toEqual(refs);
        throw new Error('in use');
      }),
    ).rejects.toThrow('in use');
    expect(await c.get('cred_1')).not.toBeNull();

    await c.create(row('cred_2', 'Free'), () => []);
    await c.delete('cred_2', (s) => (expect(s).toMatchObject({ row: { name: 'Free' }, references: [] }), audit('cred_2', 'credential.delete')));
    expect(await c.get('cred_2')).toBeNull();
    await c.delete('cred_2', (s) => (expect(s).toEqual({ row: null, references: [] }), audit('cred_2', 'credential.delete')));
    expect((await t.storage.audit.list()).map((e) => e.action)).toEqual(['credential.delete']);
  });
});
