import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/open';
import { CredentialStore } from './store';
import { loadSecretKey, parseKey, SecretKeyError, type SecretKey } from './crypto';
import { SECRET_MASK } from '@/lib/credentials/types';
import { emptyDocument } from '@/lib/workflow/document';
import { WorkflowService } from '../services/workflows';
import { sqliteStorage } from '../storage/sqlite';

let dir: string;
let h: DbHandle;
let key: SecretKey;
let store: CredentialStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-cred-'));
  h = openDatabase(path.join(dir, 'c.db'));
  key = loadSecretKey(h.file, {});
  store = new CredentialStore(sqliteStorage(h), () => key, () => 1_700_000_000_000);
});
afterEach(() => {
  h.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('secret key', () => {
  it('creates a 0600 key file beside the database once, then reuses it', () => {
    const file = `${h.file}.key`;
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(h.file, {}).id).toBe(key.id);
  });

  it('prefers BATON_SECRET_KEY (hex or base64) and refuses a malformed one', () => {
    const hex = 'ab'.repeat(32);
    expect(loadSecretKey(h.file, { BATON_SECRET_KEY: hex }).key.equals(Buffer.from(hex, 'hex'))).toBe(true);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadSecretKey(h.file, { BATON_SECRET_KEY: b64 }).key.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(() => loadSecretKey(h.file, { BATON_SECRET_KEY: 'short' })).toThrow(/BATON_SECRET_KEY must be 32 bytes/);
    expect(() => parseKey(Buffer.alloc(16).toString('base64'), 'X')).toThrow(SecretKeyError);
  });
});

describe('CredentialStore', () => {
  it('stores secrets encrypted, lists them masked and reveals them server-side', async () => {
    const c = await store.create({ name: 'CRM', type: 'basic', data: { username: 'svc', password: 'hunter2-secret' } }, 'system');
    expect(c.fields).toEqual({ username: 'svc', password: SECRET_MASK });
    expect(JSON.stringify(await store.list())).not.toContain('hunter2');
    const row = h.sqlite.prepare('SELECT * FROM credentials').get() as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain('hunter2');
    expect(Buffer.from(row.iv as string, 'base64')).toHaveLength(12);
    expect(Buffer.from(row.auth_tag as string, 'base64')).toHaveLength(16);
    expect(row.key_id).toBe(key.id);
    expect(await store.reveal(c.id)).toEqual({ id: c.id, name: 'CRM', type: 'basic', data: { username: 'svc', password: 'hunter2-secret' } });
  });

  it('fills defaults and refuses bad input with field paths', async () => {
    const c = await store.create({ name: 'Key', type: 'apiKey', data: { value: 'k-123456' } }, 'system');
    expect((await store.reveal(c.id)).data).toEqual({ header: 'X-API-Key', value: 'k-123456' });
    await expect(store.create({ name: 'x', type: 'nope', data: {} }, 'system')).rejects.toThrow(/unknown credential type/);
    await expect(store.create({ name: ' ', type: 'bearer', data: { token: 'abcdef' } }, 'system')).rejects.toThrow(/needs a name/);
    try {
      await store.create({ name: 'short', type: 'bearer', data: { token: 'ab' } }, 'system');
      expect.unreachable();
    } catch (err) {
      expect((err as { kind: string; issues: { path: unknown[] }[] }).kind).toBe('invalid');
      expect((err as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['data', 'token']);
    }
    await expect(store.create({ name: 'Key', type: 'bearer', data: { token: 'abcdef' } }, 'system')).rejects.toThrow(/already exists/);
    await expect(store.create({ name: 'bad header', type: 'apiKey', data: { header: 'X Key', value: 'abcdef' } }, 'system')).rejects.toThrow(/not a valid header name/);
  });

  it('rotates a secret in place and keeps the others', async () => {
    const c = await store.create({ name: 'CRM', type: 'basic', data: { username: 'svc', password: 'first-pass' } }, 'system');
    await store.update(c.id, { data: { username: 'svc2', password: '' } }, 'system');
    expect((await store.reveal(c.id)).data).toEqual({ username: 'svc2', password: 'first-pass' });
    const after = await store.update(c.id, { name: 'CRM prod', data: { password: 'second-pass' } }, 'system');
    expect(after.rotatedAt).toBe(1_700_000_000_000);
    expect(await store.reveal(c.id)).toMatchObject({ name: 'CRM prod', data: { username: 'svc2', password: 'second-pass' } });
  });

  it('reports a wrong key clearly instead of returning garbage', async () => {
    const c = await store.create({ name: 'T', type: 'bearer', data: { token: 'tok-123456' } }, 'system');
    const other = parseKey(Buffer.alloc(32, 1).toString('base64'), 'BATON_SECRET_KEY');
    const wrong = new CredentialStore(sqliteStorage(h), () => other, Date.now);
    await expect(wrong.reveal(c.id)).rejects.toThrow(/encrypted with key .* but the configured key \(BATON_SECRET_KEY\)/);
    // Same key id but altered ciphertext: authentication fails.
    h.sqlite.prepare("UPDATE credentials SET ciphertext = 'AAAA' || substr(ciphertext, 5)").run();
    await expect(store.reveal(c.id)).rejects.toThrow(/altered/);
    expect(await store.list()).toHaveLength(1);
  });

  it('refuses to delete a credential that drafts or versions reference, naming them', async () => {
    const c = await store.create({ name: 'T', type: 'bearer', data: { token: 'tok-123456' } }, 'system');
    const workflows = new WorkflowService(sqliteStorage(h), Date.now);
    const doc = emptyDocument('Billing');
    doc.nodes.push({ id: 'call', type: 'http', label: '', position: { x: 0, y: 0 }, config: { url: 'http://x', credentialId: c.id } });
    const wf = await workflows.create(doc, 'system');
    h.sqlite.prepare("INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by) VALUES (?, 1, ?, 0, 'test')").run(wf, JSON.stringify(doc));
    expect(await store.references(c.id)).toEqual([
      { workflowId: wf, workflowName: 'Billing', version: 'draft', nodeIds: ['call'] },
      { workflowId: wf, workflowName: 'Billing', version: 1, nodeIds: ['call'] },
    ]);
    await expect(store.delete(c.id, 'system')).rejects.toThrow(/it is used by workflow "Billing" \(draft, node call\); workflow "Billing" \(version 1, node call\)/);
    await workflows.delete(wf, 'system');
    await store.delete(c.id, 'system');
    expect(await store.list()).toEqual([]);
    await expect(store.delete(c.id, 'system')).rejects.toThrow(/no credential/);
  });
});
