/**
 * The PostgreSQL implementation of `PeopleStorePort` (see `../ports/people.ts`).
 * Text is ordered with `COLLATE "C"` (byte order), as SQLite's default BINARY collation
 * does, so both backends list people and groups in the same order.
 * Read-check-write operations lock what `decide` looks at (`FOR UPDATE`): all people for
 * `changePerson` (the last-admin rule reads everyone), the group's row for group changes.
 */
import type pg from 'pg';
import { formatRoles, parseRoles } from '@/lib/auth/roles';
import type { AuditInput } from '../ports/audit';
import type { AccessRecord, ApiKeyRecord, GroupRecord, MembershipWrite, PeopleStorePort, PersonRecord, PersonWrite, SeedPerson, UserAccessRecord, UserRecord } from '../ports/people';
import { API_KEY_COLUMNS, PERSON_COLUMNS, missingIds, toApiKey, toGroups, toPerson, toUserAccess, type ApiKeyRow, type PersonRow } from '../people-rows';
import { insertAuditRowsPg } from './audit-row';
import { pgTransaction, type PgQueryable } from './tx';

const OPEN_TASKS_NAMING = `SELECT COUNT(*) AS n FROM tasks WHERE status = 'open'
  AND (escalation_group = $1 OR (candidate_groups::jsonb) ? $1)`;

async function rows<T>(q: PgQueryable, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await q.query(sql, params)).rows as T[];
}

async function peopleOn(q: PgQueryable, lock = false): Promise<PersonRecord[]> {
  return (await rows<PersonRow>(q, `SELECT ${PERSON_COLUMNS} FROM users AS u ORDER BY u.name COLLATE "C", u.id COLLATE "C"${lock ? ' FOR UPDATE OF u' : ''}`)).map(toPerson);
}

/** Groups (all, or the one with id `id`), members by user id; `lock`: the group rows `FOR UPDATE`. */
async function groupsOn(q: PgQueryable, id?: string, lock = false): Promise<GroupRecord[]> {
  const params = id === undefined ? [] : [id];
  const groups = await rows<{ id: string; name: string; description: string }>(
    q,
    `SELECT id, name, description FROM groups ${id === undefined ? '' : 'WHERE id = $1'} ORDER BY name COLLATE "C", id COLLATE "C"${lock ? ' FOR UPDATE' : ''}`,
    params,
  );
  if (!groups.length) return [];
  const members = await rows<{ groupId: string; userId: string }>(
    q,
    `SELECT group_id AS "groupId", user_id AS "userId" FROM group_members ${id === undefined ? '' : 'WHERE group_id = $1'} ORDER BY user_id COLLATE "C"`,
    params,
  );
  return toGroups(groups, members);
}

async function knownUsers(q: PgQueryable, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return new Set((await rows<{ id: string }>(q, `SELECT id FROM users WHERE id = ANY($1::text[])`, [[...ids]])).map((r) => r.id));
}

async function insertGroup(q: PgQueryable, g: GroupRecord, at: number): Promise<void> {
  await q.query(`INSERT INTO groups (id, name, description, created_at) VALUES ($1, $2, $3, $4)`, [g.id, g.name, g.description, at]);
  if (g.members.length) await q.query(`INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::text[])`, [g.id, [...g.members]]);
}

async function openTasks(q: PgQueryable, id: string): Promise<number> {
  return Number((await rows<{ n: number }>(q, OPEN_TASKS_NAMING, [id]))[0]?.n ?? 0);
}

export class PgPeopleStore implements PeopleStorePort {
  constructor(readonly pool: pg.Pool) {}

  async listUsers(): Promise<UserRecord[]> {
    return rows<UserRecord>(this.pool, `SELECT id, name, email FROM users ORDER BY name COLLATE "C", id COLLATE "C"`);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return (await rows<UserRecord>(this.pool, `SELECT id, name, email FROM users WHERE id = $1`, [id]))[0] ?? null;
  }

  async userAccess(id: string): Promise<UserAccessRecord | null> {
    const r = (await rows<PersonRow>(this.pool, `SELECT id, name, email, roles, disabled FROM users WHERE id = $1`, [id]))[0];
    return r ? toUserAccess(r) : null;
  }

  async userIdByEmail(email: string): Promise<string | null> {
    return (await rows<{ id: string }>(this.pool, `SELECT id FROM users WHERE email = $1`, [email]))[0]?.id ?? null;
  }

  async people(): Promise<PersonRecord[]> {
    return peopleOn(this.pool);
  }

  async hasCredentialAccount(userId: string): Promise<boolean> {
    return (await rows(this.pool, `SELECT 1 FROM accounts WHERE user_id = $1 AND provider_id = 'credential'`, [userId])).length > 0;
  }

  async changePerson(id: string, decide: (person: PersonRecord | null, everyone: readonly PersonRecord[]) => PersonWrite | null): Promise<PersonRecord | null> {
    return pgTransaction(this.pool, async (c) => {
      const everyone = await peopleOn(c, true);
      const person = everyone.find((p) => p.id === id) ?? null;
      const w = decide(person, everyone);
      if (!w || !person) return person;
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, v: unknown) => {
        values.push(v);
        sets.push(`${column} = $${values.length}`);
      };
      if (w.name !== undefined) set('name', w.name);
      if (w.roles !== undefined) set('roles', formatRoles(w.roles));
      if (w.disabled !== undefined) set('disabled', w.disabled);
      if (w.updatedAt !== undefined) set('updated_at', w.updatedAt);
      if (sets.length) await c.query(`UPDATE users SET ${sets.join(', ')} WHERE id = $${values.length + 1}`, [...values, id]);
      await insertAuditRowsPg(c, w.audit ?? []);
      return (await peopleOn(c)).find((p) => p.id === id) ?? null;
    });
  }

  async seedPeople(people: readonly SeedPerson[], at: number): Promise<boolean> {
    return pgTransaction(this.pool, async (c) => {
      // One seeding at a time: processes starting together on an empty database seed once.
      await c.query(`LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`);
      if (Number((await rows<{ n: number }>(c, `SELECT COUNT(*) AS n FROM users`))[0]!.n) > 0) return false;
      for (const p of people) {
        await c.query(`INSERT INTO users (id, name, email, roles, email_verified, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, false, false, $5, $5)`, [p.id, p.name, p.email, p.roles, at]);
      }
      return true;
    });
  }

  async listGroups(): Promise<GroupRecord[]> {
    return groupsOn(this.pool);
  }

  async getGroup(id: string): Promise<GroupRecord | null> {
    return (await groupsOn(this.pool, id))[0] ?? null;
  }

  async access(userId: string): Promise<AccessRecord> {
    const [user, groups] = await Promise.all([
      rows<{ roles: string }>(this.pool, `SELECT roles FROM users WHERE id = $1`, [userId]),
      rows<{ g: string }>(this.pool, `SELECT group_id AS g FROM group_members WHERE user_id = $1 ORDER BY group_id COLLATE "C"`, [userId]),
    ]);
    return { roles: parseRoles(user[0]?.roles), groups: groups.map((r) => r.g) };
  }

  async createGroup(group: GroupRecord, at: number, decide?: (s: { taken: boolean; unknownMembers: string[] }) => AuditInput[]): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      let audit: AuditInput[] = [];
      if (decide) {
        // Serializes creations of the same id: the second waits, then sees the first.
        await c.query(`SELECT pg_advisory_xact_lock(hashtext('baton.group:' || $1))`, [group.id]);
        const taken = (await rows(c, `SELECT 1 FROM groups WHERE id = $1`, [group.id])).length > 0;
        audit = decide({ taken, unknownMembers: missingIds(group.members, await knownUsers(c, group.members)) });
      }
      await insertGroup(c, group, at);
      await insertAuditRowsPg(c, audit);
    });
  }

  async updateGroup(id: string, decide: (group: GroupRecord | null) => { name: string; description: string; audit?: AuditInput[] } | null): Promise<GroupRecord | null> {
    return pgTransaction(this.pool, async (c) => {
      const before = (await groupsOn(c, id, true))[0] ?? null;
      const w = decide(before);
      if (!w || !before) return before;
      await c.query(`UPDATE groups SET name = $1, description = $2 WHERE id = $3`, [w.name, w.description, id]);
      await insertAuditRowsPg(c, w.audit ?? []);
      return (await groupsOn(c, id))[0] ?? null;
    });
  }

  async changeMembers(id: string, candidates: readonly string[], decide: (s: { group: GroupRecord | null; unknownUsers: string[] }) => MembershipWrite | null): Promise<GroupRecord | null> {
    return pgTransaction(this.pool, async (c) => {
      const group = (await groupsOn(c, id, true))[0] ?? null;
      const w = decide({ group, unknownUsers: missingIds(candidates, await knownUsers(c, candidates)) });
      if (!w || !group) return group;
      if (w.add.length) await c.query(`INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [id, w.add]);
      if (w.remove.length) await c.query(`DELETE FROM group_members WHERE group_id = $1 AND user_id = ANY($2::text[])`, [id, w.remove]);
      await insertAuditRowsPg(c, w.audit ?? []);
      return (await groupsOn(c, id))[0] ?? null;
    });
  }

  async deleteGroup(id: string, decide: (s: { group: GroupRecord | null; openTasks: number }) => AuditInput[]): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      const group = (await groupsOn(c, id, true))[0] ?? null;
      const audit = decide({ group, openTasks: group ? await openTasks(c, id) : 0 });
      if (!group) return;
      await c.query(`DELETE FROM group_members WHERE group_id = $1`, [id]);
      await c.query(`DELETE FROM groups WHERE id = $1`, [id]);
      await insertAuditRowsPg(c, audit);
    });
  }

  async openTasksNaming(id: string): Promise<number> {
    return openTasks(this.pool, id);
  }

  async seedGroups(at: number, decide: (userIds: ReadonlySet<string>) => readonly GroupRecord[]): Promise<boolean> {
    return pgTransaction(this.pool, async (c) => {
      await c.query(`LOCK TABLE groups IN SHARE ROW EXCLUSIVE MODE`);
      if (Number((await rows<{ n: number }>(c, `SELECT COUNT(*) AS n FROM groups`))[0]!.n) > 0) return false;
      const ids = new Set((await rows<{ id: string }>(c, `SELECT id FROM users`)).map((r) => r.id));
      const groups = decide(ids);
      for (const g of groups) await insertGroup(c, g, at);
      return groups.length > 0;
    });
  }

  async listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return (await rows<ApiKeyRow>(this.pool, `SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE reference_id = $1 ORDER BY created_at DESC, id COLLATE "C" DESC`, [userId])).map(toApiKey);
  }

  async deleteApiKey(userId: string, keyId: string, audit: readonly AuditInput[]): Promise<boolean> {
    return pgTransaction(this.pool, async (c) => {
      if ((await c.query(`DELETE FROM api_keys WHERE id = $1 AND reference_id = $2`, [keyId, userId])).rowCount === 0) return false;
      await insertAuditRowsPg(c, audit);
      return true;
    });
  }
}
