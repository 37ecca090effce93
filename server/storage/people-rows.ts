/**
 * Pure helpers shared by both people implementations: the SELECT lists (aliases quoted,
 * since PostgreSQL folds unquoted ones to lower case) and stored rows → records. SQLite
 * stores flags as 0/1, PostgreSQL as booleans; both come out as booleans here.
 */
import { parseRoles } from '@/lib/auth/roles';
import type { ApiKeyRecord, GroupRecord, PersonRecord, UserAccessRecord } from './ports/people';

/** Whether a person has a password: correlated on the outer `users AS u`. */
const CAN_SIGN_IN = `EXISTS (SELECT 1 FROM accounts AS a WHERE a.user_id = u.id AND a.provider_id = 'credential' AND a.password IS NOT NULL)`;

/** Columns of a {@link PersonRow} from `users AS u`. */
export const PERSON_COLUMNS = `u.id, u.name, u.email, u.roles, u.disabled, u.created_at AS "createdAt", ${CAN_SIGN_IN} AS "canSignIn"`;

/** A person as selected with {@link PERSON_COLUMNS}. */
export interface PersonRow {
  id: string;
  name: string;
  email: string;
  roles: string;
  disabled: number | boolean;
  createdAt: number;
  canSignIn: number | boolean;
}

export function toPerson(r: PersonRow): PersonRecord {
  return { id: r.id, name: r.name, email: r.email, roles: parseRoles(r.roles), disabled: !!r.disabled, canSignIn: !!r.canSignIn, createdAt: Number(r.createdAt) };
}

export function toUserAccess(r: Pick<PersonRow, 'id' | 'name' | 'email' | 'roles' | 'disabled'>): UserAccessRecord {
  return { id: r.id, name: r.name, email: r.email, roles: parseRoles(r.roles), disabled: !!r.disabled };
}

/** Groups (`id, name, description`) joined with their members (`groupId, userId`), members in the given order. */
export function toGroups(groups: readonly { id: string; name: string; description: string }[], members: readonly { groupId: string; userId: string }[]): GroupRecord[] {
  const by = new Map<string, string[]>();
  for (const m of members) {
    const list = by.get(m.groupId);
    if (list) list.push(m.userId);
    else by.set(m.groupId, [m.userId]);
  }
  return groups.map((g) => ({ id: g.id, name: g.name, description: g.description, members: by.get(g.id) ?? [] }));
}

/** Columns of an {@link ApiKeyRow}. */
export const API_KEY_COLUMNS = `id, name, start, created_at AS "createdAt", last_request AS "lastRequest", expires_at AS "expiresAt"`;

export interface ApiKeyRow {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: number;
  lastRequest: number | null;
  expiresAt: number | null;
}

export function toApiKey(r: ApiKeyRow): ApiKeyRecord {
  const t = (v: number | null) => (v == null ? null : Number(v));
  return { id: r.id, name: r.name ?? '', start: r.start ?? '', createdAt: Number(r.createdAt), lastUsedAt: t(r.lastRequest), expiresAt: t(r.expiresAt) };
}

/** Ids (sorted, without duplicates) that are in `wanted` but not in `known`. */
export function missingIds(wanted: readonly string[], known: ReadonlySet<string>): string[] {
  return [...new Set(wanted)].filter((id) => !known.has(id)).sort();
}
