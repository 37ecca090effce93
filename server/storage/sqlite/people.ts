/** The SQLite implementation of `PeopleStorePort` (see `../ports/people.ts`). */
import type Database from 'better-sqlite3';
import type { DbHandle } from '@/server/db/open';
import { formatRoles, parseRoles } from '@/lib/auth/roles';
import type { AuditInput } from '../ports/audit';
import type { AccessRecord, ApiKeyRecord, GroupRecord, MembershipWrite, PeopleStorePort, PersonRecord, PersonWrite, SeedPerson, UserAccessRecord, UserRecord } from '../ports/people';
import { API_KEY_COLUMNS, PERSON_COLUMNS, missingIds, toApiKey, toGroups, toPerson, toUserAccess, type ApiKeyRow, type PersonRow } from '../people-rows';
import { insertAuditRowSqlite } from './audit-row';

/** Open tasks naming a group (`?` twice: the group id) as a candidate group or as their escalation group. */
const OPEN_TASKS_NAMING = `SELECT COUNT(*) AS n FROM tasks WHERE status = 'open'
  AND (escalation_group = ? OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(candidate_groups) THEN candidate_groups ELSE '[]' END) WHERE value = ?))`;

export class SqlitePeopleStore implements PeopleStorePort {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly h: DbHandle) {}

  /** A statement prepared once per connection. */
  private st(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.h.sqlite.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private tx<T>(fn: () => T): T {
    return this.h.sqlite.transaction(fn)();
  }

  private audit(entries: readonly AuditInput[] | undefined): void {
    for (const e of entries ?? []) insertAuditRowSqlite(this.h.sqlite, e);
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.st(`SELECT id, name, email FROM users ORDER BY name, id`).all() as UserRecord[];
  }

  async getUser(id: string): Promise<UserRecord | null> {
    return (this.st(`SELECT id, name, email FROM users WHERE id = ?`).get(id) as UserRecord | undefined) ?? null;
  }

  async userAccess(id: string): Promise<UserAccessRecord | null> {
    const r = this.st(`SELECT id, name, email, roles, disabled FROM users WHERE id = ?`).get(id) as PersonRow | undefined;
    return r ? toUserAccess(r) : null;
  }

  async userIdByEmail(email: string): Promise<string | null> {
    return (this.st(`SELECT id FROM users WHERE email = ?`).get(email) as { id: string } | undefined)?.id ?? null;
  }

  private peopleNow(): PersonRecord[] {
    return (this.st(`SELECT ${PERSON_COLUMNS} FROM users AS u ORDER BY u.name, u.id`).all() as PersonRow[]).map(toPerson);
  }

  async people(): Promise<PersonRecord[]> {
    return this.peopleNow();
  }

  async hasCredentialAccount(userId: string): Promise<boolean> {
    return !!this.st(`SELECT 1 FROM accounts WHERE user_id = ? AND provider_id = 'credential'`).get(userId);
  }

  async changePerson(id: string, decide: (person: PersonRecord | null, everyone: readonly PersonRecord[]) => PersonWrite | null): Promise<PersonRecord | null> {
    return this.tx(() => {
      const everyone = this.peopleNow();
      const person = everyone.find((p) => p.id === id) ?? null;
      const w = decide(person, everyone);
      if (!w || !person) return person;
      const sets: string[] = [];
      const values: (string | number)[] = [];
      if (w.name !== undefined) sets.push('name = ?'), values.push(w.name);
      if (w.roles !== undefined) sets.push('roles = ?'), values.push(formatRoles(w.roles));
      if (w.disabled !== undefined) sets.push('disabled = ?'), values.push(w.disabled ? 1 : 0);
      if (w.updatedAt !== undefined) sets.push('updated_at = ?'), values.push(w.updatedAt);
      if (sets.length) this.h.sqlite.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      this.audit(w.audit);
      return this.peopleNow().find((p) => p.id === id) ?? null;
    });
  }

  async seedPeople(people: readonly SeedPerson[], at: number): Promise<boolean> {
    return this.tx(() => {
      if ((this.st(`SELECT COUNT(*) AS n FROM users`).get() as { n: number }).n > 0) return false;
      const ins = this.st(`INSERT INTO users (id, name, email, roles, email_verified, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?)`);
      for (const p of people) ins.run(p.id, p.name, p.email, p.roles, at, at);
      return true;
    });
  }

  private groupsNow(where = '', ...params: string[]): GroupRecord[] {
    const groups = this.st(`SELECT id, name, description FROM groups ${where ? `WHERE ${where}` : ''} ORDER BY name, id`).all(...params) as { id: string; name: string; description: string }[];
    if (!groups.length) return [];
    const members = this
      .st(`SELECT group_id AS groupId, user_id AS userId FROM group_members ${where ? 'WHERE group_id = ?' : ''} ORDER BY user_id`)
      .all(...params) as { groupId: string; userId: string }[];
    return toGroups(groups, members);
  }

  private groupNow(id: string): GroupRecord | null {
    return this.groupsNow('id = ?', id)[0] ?? null;
  }

  async listGroups(): Promise<GroupRecord[]> {
    return this.groupsNow();
  }

  async getGroup(id: string): Promise<GroupRecord | null> {
    return this.groupNow(id);
  }

  async access(userId: string): Promise<AccessRecord> {
    const row = this.st(`SELECT roles FROM users WHERE id = ?`).get(userId) as { roles: string } | undefined;
    const groups = (this.st(`SELECT group_id AS g FROM group_members WHERE user_id = ? ORDER BY group_id`).all(userId) as { g: string }[]).map((r) => r.g);
    return { roles: parseRoles(row?.roles), groups };
  }

  private knownUsers(ids: readonly string[]): Set<string> {
    const q = this.st(`SELECT 1 FROM users WHERE id = ?`);
    return new Set(ids.filter((id) => q.get(id)));
  }

  private insertGroup(g: GroupRecord, at: number): void {
    this.st(`INSERT INTO groups (id, name, description, created_at) VALUES (?, ?, ?, ?)`).run(g.id, g.name, g.description, at);
    const add = this.st(`INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`);
    for (const m of g.members) add.run(g.id, m);
  }

  async createGroup(group: GroupRecord, at: number, decide?: (s: { taken: boolean; unknownMembers: string[] }) => AuditInput[]): Promise<void> {
    this.tx(() => {
      let audit: AuditInput[] = [];
      if (decide) {
        const taken = !!this.st(`SELECT 1 FROM groups WHERE id = ?`).get(group.id);
        audit = decide({ taken, unknownMembers: missingIds(group.members, this.knownUsers(group.members)) });
      }
      this.insertGroup(group, at);
      this.audit(audit);
    });
  }

  async updateGroup(id: string, decide: (group: GroupRecord | null) => { name: string; description: string; audit?: AuditInput[] } | null): Promise<GroupRecord | null> {
    return this.tx(() => {
      const before = this.groupNow(id);
      const w = decide(before);
      if (!w || !before) return before;
      this.st(`UPDATE groups SET name = ?, description = ? WHERE id = ?`).run(w.name, w.description, id);
      this.audit(w.audit);
      return this.groupNow(id);
    });
  }

  async changeMembers(id: string, candidates: readonly string[], decide: (s: { group: GroupRecord | null; unknownUsers: string[] }) => MembershipWrite | null): Promise<GroupRecord | null> {
    return this.tx(() => {
      const group = this.groupNow(id);
      const w = decide({ group, unknownUsers: missingIds(candidates, this.knownUsers(candidates)) });
      if (!w || !group) return group;
      const ins = this.st(`INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)`);
      const del = this.st(`DELETE FROM group_members WHERE group_id = ? AND user_id = ?`);
      for (const u of w.add) ins.run(id, u);
      for (const u of w.remove) del.run(id, u);
      this.audit(w.audit);
      return this.groupNow(id);
    });
  }

  private openTasksNow(id: string): number {
    return (this.st(OPEN_TASKS_NAMING).get(id, id) as { n: number }).n;
  }

  async deleteGroup(id: string, decide: (s: { group: GroupRecord | null; openTasks: number }) => AuditInput[]): Promise<void> {
    this.tx(() => {
      const group = this.groupNow(id);
      const audit = decide({ group, openTasks: group ? this.openTasksNow(id) : 0 });
      if (!group) return;
      this.st(`DELETE FROM group_members WHERE group_id = ?`).run(id);
      this.st(`DELETE FROM groups WHERE id = ?`).run(id);
      this.audit(audit);
    });
  }

  async openTasksNaming(id: string): Promise<number> {
    return this.openTasksNow(id);
  }

  async seedGroups(at: number, decide: (userIds: ReadonlySet<string>) => readonly GroupRecord[]): Promise<boolean> {
    return this.tx(() => {
      if ((this.st(`SELECT COUNT(*) AS n FROM groups`).get() as { n: number }).n > 0) return false;
      const ids = new Set((this.st(`SELECT id FROM users`).all() as { id: string }[]).map((r) => r.id));
      const groups = decide(ids);
      for (const g of groups) this.insertGroup(g, at);
      return groups.length > 0;
    });
  }

  async listApiKeys(userId: string): Promise<ApiKeyRecord[]> {
    return (this.st(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE reference_id = ? ORDER BY created_at DESC, id DESC`).all(userId) as ApiKeyRow[]).map(toApiKey);
  }

  async deleteApiKey(userId: string, keyId: string, audit: readonly AuditInput[]): Promise<boolean> {
    return this.tx(() => {
      if (this.st(`DELETE FROM api_keys WHERE id = ? AND reference_id = ?`).run(keyId, userId).changes === 0) return false;
      this.audit(audit);
      return true;
    });
  }
}
