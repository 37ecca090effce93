/**
 * API keys for REST clients, per person: created through `@better-auth/api-key`
 * (random 64 characters after the `baton_` prefix; only the SHA-256 hash is stored),
 * shown in full exactly once, listed by their first characters, revocable. A key acts
 * with its owner's current roles; disabling the owner stops every key at once.
 * Audited as `api_key.create` and `api_key.revoke`.
 */
import 'server-only';
import { z } from 'zod';
import type { Storage } from '../storage/port';
import type { ApiKeyRecord } from '../storage/ports/people';
import { AppError } from '../errors';
import type { Auth } from './auth';

/** A key as listed (never the key itself). Times are epoch ms. */
export type ApiKeyView = ApiKeyRecord;

export const ApiKeyNameSchema = z.string().trim().min(1, 'a name is required').max(64, 'at most 64 characters');

export class ApiKeyService {
  constructor(
    private readonly storage: Pick<Storage, 'people' | 'audit'>,
    private readonly auth: () => Auth,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The person's keys, newest first. */
  async list(userId: string): Promise<ApiKeyView[]> {
    return this.storage.people.listApiKeys(userId);
  }

  /**
   * Creates a key for `userId`; the returned `key` is the only time it is ever shown.
   * @throws AppError('invalid') for a missing or long name.
   */
  async create(userId: string, name: unknown): Promise<ApiKeyView & { key: string }> {
    const parsed = ApiKeyNameSchema.safeParse(name);
    if (!parsed.success) throw new AppError('invalid', `name: ${parsed.error.issues[0]?.message}`, [{ path: ['name'], message: parsed.error.issues[0]?.message ?? 'not valid' }]);
    const created = await this.auth().api.createApiKey({ body: { name: parsed.data, userId } });
    await this.storage.audit.append([{ actor: userId, action: 'api_key.create', targetType: 'api_key', targetId: created.id, details: { name: parsed.data }, at: this.clock() }]);
    const view = (await this.list(userId)).find((k) => k.id === created.id);
    if (!view) throw new Error('the new API key was not stored');
    return { ...view, key: created.key };
  }

  /**
   * Revokes (deletes) one of the person's keys; requests with it fail with 401 from now on.
   * @throws AppError('not_found') when the person has no such key.
   */
  async revoke(userId: string, keyId: string): Promise<void> {
    const deleted = await this.storage.people.deleteApiKey(userId, keyId, [{ actor: userId, action: 'api_key.revoke', targetType: 'api_key', targetId: keyId, details: {}, at: this.clock() }]);
    if (!deleted) throw new AppError('not_found', `you have no API key with id "${keyId}"`);
  }
}
