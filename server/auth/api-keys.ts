/**
 * API keys for REST clients, per person: created through `@better-auth/api-key`
 * (random 64 characters after the `baton_` prefix; only the SHA-256 hash is stored),
 * shown in full exactly once, listed by their first characters, revocable. A key acts
 * with its owner's current roles; disabling the owner stops every key at once.
 * Audited as `api_key.create` and `api_key.revoke`.
 */
import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbHandle } from '../db/open';
import { apiKeys } from '../db/schema';
import { AppError } from '../errors';
import { recordAudit } from '../services/audit';
import type { Auth } from './auth';

/** A key as listed (never the key itself). Times are epoch ms. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters, e.g. `baton_x1Y2z3`. */
  start: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
}

export const ApiKeyNameSchema = z.string().trim().min(1, 'a name is required').max(64, 'at most 64 characters');

export class ApiKeyService {
  constructor(
    private readonly h: DbHandle,
    private readonly auth: () => Auth,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The person's keys, newest first. */
  list(userId: string): ApiKeyView[] {
    return this.h.db
      .select({ id: apiKeys.id, name: apiKeys.name, start: apiKeys.start, createdAt: apiKeys.createdAt, lastRequest: apiKeys.lastRequest, expiresAt: apiKeys.expiresAt })
      .from(apiKeys)
      .where(eq(apiKeys.referenceId, userId))
      .orderBy(desc(apiKeys.createdAt))
      .all()
      .map((r) => ({ id: r.id, name: r.name ?? '', start: r.start ?? '', createdAt: r.createdAt.getTime(), lastUsedAt: r.lastRequest?.getTime() ?? null, expiresAt: r.expiresAt?.getTime() ?? null }));
  }

  /**
   * Creates a key for `userId`; the returned `key` is the only time it is ever shown.
   * @throws AppError('invalid') for a missing or long name.
   */
  async create(userId: string, name: unknown): Promise<ApiKeyView & { key: string }> {
    const parsed = ApiKeyNameSchema.safeParse(name);
    if (!parsed.success) throw new AppError('invalid', `name: ${parsed.error.issues[0]?.message}`, [{ path: ['name'], message: parsed.error.issues[0]?.message ?? 'not valid' }]);
    const created = await this.auth().api.createApiKey({ body: { name: parsed.data, userId } });
    recordAudit(this.h.sqlite, { actor: userId, action: 'api_key.create', targetType: 'api_key', targetId: created.id, details: { name: parsed.data }, at: this.clock() });
    const view = this.list(userId).find((k) => k.id === created.id);
    if (!view) throw new Error('the new API key was not stored');
    return { ...view, key: created.key };
  }

  /**
   * Revokes (deletes) one of the person's keys; requests with it fail with 401 from now on.
   * @throws AppError('not_found') when the person has no such key.
   */
  revoke(userId: string, keyId: string): void {
    const res = this.h.db.delete(apiKeys).where(and(eq(apiKeys.id, keyId), eq(apiKeys.referenceId, userId))).run();
    if (res.changes === 0) throw new AppError('not_found', `you have no API key with id "${keyId}"`);
    recordAudit(this.h.sqlite, { actor: userId, action: 'api_key.revoke', targetType: 'api_key', targetId: keyId, details: {}, at: this.clock() });
  }
}
