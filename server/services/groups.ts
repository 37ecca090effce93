/**
 * Groups (teams) of local people. A user task may name groups as candidates; every
 * member may then see, claim and decide it. Admins manage them on the People page:
 * create, rename and describe, add and remove members, delete. Every change is
 * audited (`group.create`, `group.update`, `group.members`, `group.delete`) in the
 * same transaction as the change.
 *
 * Invariant: a group named by an open task (as a candidate group or as its
 * escalation group) is never deleted — the task would lose the people who may act on it.
 */
import 'server-only';
import { z } from 'zod';
import { parseRoles } from '@/lib/auth/roles';
import type { DbHandle } from '../db/open';
import { AppError, zodIssues } from '../errors';
import type { Actor } from './actor';
import { recordAudit } from './audit';

export interface Group {
  id: string;
  name: string;
  description: string;
  /** User ids, sorted. */
  members: string[];
}

/** Example groups seeded on first start (members must exist as users). */
export const EXAMPLE_GROUPS: Group[] = [
  { id: 'finance', name: 'Finance', description: 'Approves expenses and payments', members: ['priya', 'sam'] },
  { id: 'support', name: 'Support', description: 'Handles customer requests', members: ['alex'] },
  { id: 'on-call', name: 'On call', description: 'Takes over incidents nobody picked up in time', members: ['priya', 'sam'] },
];

/**
 * A group id: a lowercase slug (letters, digits, `-`, `_`), as workflows name it in a
 * user task's candidate groups (comma-separated there, so no commas or spaces here).
 */
export const GroupIdSchema = z
  .string()
  .trim()
  .min(1, 'an id is required')
  .max(64, 'at most 64 characters')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only, starting with a letter or digit');
const groupName = z.string().trim().min(1, 'a name is required').max(120, 'at most 120 characters');
const description = z.string().trim().max(500, 'at most 500 characters');
const userIds = z.array(z.string().min(1).max(100)).max(1000);

export const NewGroupSchema = z.object({ id: GroupIdSchema, name: groupName, description: description.default(''), members: userIds.default([]) });
export const GroupChangeSchema = z.object({ name: groupName.optional(), description: description.optional() });
export const MembershipChangeSchema = z.object({ add: userIds.default([]), remove: userIds.default([]) });

export class GroupService {
  constructor(
    private readonly h: DbHandle,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every group with its members, by name. */
  list(): Group[] {
    const groups = this.h.sqlite.prepare(`SELECT id, name, description FROM groups ORDER BY name`).all() as Omit<Group, 'members'>[];
    const members = this.h.sqlite.prepare(`SELECT group_id AS groupId, user_id AS userId FROM group_members ORDER BY user_id`).all() as { groupId: string; userId: string }[];
    return groups.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id).map((m) => m.userId) }));
  }

  /** One group with its members, or null when unknown. */
  get(id: string): Group | null {
    const g = this.h.sqlite.prepare(`SELECT id, name, description FROM groups WHERE id = ?`).get(id) as Omit<Group, 'members'> | undefined;
    if (!g) return null;
    const members = (this.h.sqlite.prepare(`SELECT user_id AS u FROM group_members WHERE group_id = ? ORDER BY user_id`).all(id) as { u: string }[]).map((r) => r.u);
    return { ...g, members };
  }

  /** Ids of the groups `userId` belongs to. */
  groupsOf(userId: string): string[] {
    return (this.h.sqlite.prepare(`SELECT group_id AS g FROM group_members WHERE user_id = ? ORDER BY group_id`).all(userId) as { g: string }[]).map((r) => r.g);
  }

  /** The acting person with their groups. */
  actor(userId: string): Actor {
    const row = this.h.sqlite.prepare(`SELECT roles FROM users WHERE id = ?`).get(userId) as { roles: string } | undefined;
    return { id: userId, groups: this.groupsOf(userId), roles: parseRoles(row?.roles) };
  }

  /**
   * Inserts a group with members as given, without checks or audit (seeding and test
   * fixtures; people use {@link add}). `at`: epoch ms.
   * @throws Error from SQLite for a duplicate id or an unknown user (foreign key).
   */
  create(g: Group, at = this.clock()): void {
    this.h.sqlite.transaction(() => {
      this.h.sqlite.prepare(`INSERT INTO groups (id, name, description, created_at) VALUES (?, ?, ?, ?)`).run(g.id, g.name, g.description, at);
      const add = this.h.sqlite.prepare(`INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`);
      for (const m of g.members) add.run(g.id, m);
    })();
  }

  /**
   * Creates a group (`{ id, name, description?, members? }`) on behalf of `by`; audited as `group.create`.
   * @throws AppError('invalid') for a bad field or an unknown member (issues name the field),
   *   AppError('conflict') when the id is taken.
   */
  add(input: unknown, by: string): Group {
    const data = parse(NewGroupSchema, input);
    const members = [...new Set(data.members)].sort();
    this.h.sqlite.transaction(() => {
      if (this.exists(data.id)) throw new AppError('conflict', `a group with the id "${data.id}" already exists`, [{ path: ['id'], message: 'already taken' }]);
      this.assertPeople(members, ['members']);
      this.create({ id: data.id, name: data.name, description: data.description, members });
      recordAudit(this.h.sqlite, { actor: by, action: 'group.create', targetType: 'group', targetId: data.id, details: { name: data.name, members }, at: this.clock() });
    })();
    return this.mustGet(data.id);
  }

  /**
   * Changes a group's name or description; audited as `group.update` (only when something changed).
   * The id never changes: workflows and tasks refer to it.
   * @throws AppError('not_found'), AppError('invalid') for a bad field.
   */
  update(id: string, input: unknown, by: string): Group {
    const change = parse(GroupChangeSchema, input);
    this.h.sqlite.transaction(() => {
      const before = this.mustGet(id);
      const details: Record<string, string> = {};
      if (change.name !== undefined && change.name !== before.name) details.name = change.name;
      if (change.description !== undefined && change.description !== before.description) details.description = change.description;
      if (!Object.keys(details).length) return;
      this.h.sqlite
        .prepare(`UPDATE groups SET name = ?, description = ? WHERE id = ?`)
        .run(details.name ?? before.name, details.description ?? before.description, id);
      recordAudit(this.h.sqlite, { actor: by, action: 'group.update', targetType: 'group', targetId: id, details, at: this.clock() });
    })();
    return this.mustGet(id);
  }

  /**
   * Adds and removes members (`{ add?: userIds, remove?: userIds }`), relative to the
   * current members so two admins editing at once do not undo each other. Adding a
   * member twice or removing a non-member is a no-op. Audited as `group.members` with
   * what actually changed.
   * @throws AppError('not_found') for an unknown group, AppError('invalid') for an unknown person in `add`.
   */
  changeMembers(id: string, input: unknown, by: string): Group {
    const change = parse(MembershipChangeSchema, input);
    this.h.sqlite.transaction(() => {
      const before = new Set(this.mustGet(id).members);
      const add = [...new Set(change.add)].filter((u) => !before.has(u)).sort();
      const remove = [...new Set(change.remove)].filter((u) => before.has(u)).sort();
      this.assertPeople(add, ['add']);
      if (!add.length && !remove.length) return;
      const ins = this.h.sqlite.prepare(`INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`);
      const del = this.h.sqlite.prepare(`DELETE FROM group_members WHERE group_id = ? AND user_id = ?`);
      for (const u of add) ins.run(id, u);
      for (const u of remove) del.run(id, u);
      recordAudit(this.h.sqlite, { actor: by, action: 'group.members', targetType: 'group', targetId: id, details: { added: add, removed: remove }, at: this.clock() });
    })();
    return this.mustGet(id);
  }

  /**
   * Deletes a group and its memberships; audited as `group.delete`.
   * @throws AppError('not_found'), AppError('conflict') while an open task names the group
   *   as a candidate group or as its escalation group (the message counts them).
   */
  remove(id: string, by: string): void {
    this.h.sqlite.transaction(() => {
      const g = this.mustGet(id);
      const open = this.openTasksNaming(id);
      if (open > 0) {
        throw new AppError(
          'conflict',
          `“${g.name}” cannot be deleted: ${open === 1 ? '1 open task names' : `${open} open tasks name`} it as a candidate or escalation group. Complete or cancel ${open === 1 ? 'that task' : 'those tasks'} first.`,
          [{ path: ['id'], message: 'named by open tasks', code: 'GROUP_IN_USE' }],
        );
      }
      this.h.sqlite.prepare(`DELETE FROM group_members WHERE group_id = ?`).run(id);
      this.h.sqlite.prepare(`DELETE FROM groups WHERE id = ?`).run(id);
      recordAudit(this.h.sqlite, { actor: by, action: 'group.delete', targetType: 'group', targetId: id, details: { name: g.name, members: g.members }, at: this.clock() });
    })();
  }

  /** How many open tasks name `id` as a candidate group or escalation group. */
  openTasksNaming(id: string): number {
    const row = this.h.sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM tasks WHERE status = 'open'
           AND (escalation_group = ? OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(candidate_groups) THEN candidate_groups ELSE '[]' END) WHERE value = ?))`,
      )
      .get(id, id) as { n: number };
    return row.n;
  }

  /** Seeds {@link EXAMPLE_GROUPS} when there are no groups yet and their members exist. @returns whether it seeded. */
  seedIfEmpty(): boolean {
    const n = (this.h.sqlite.prepare(`SELECT COUNT(*) AS n FROM groups`).get() as { n: number }).n;
    if (n > 0) return false;
    const known = new Set((this.h.sqlite.prepare(`SELECT id FROM users`).all() as { id: string }[]).map((r) => r.id));
    if (!EXAMPLE_GROUPS.every((g) => g.members.every((m) => known.has(m)))) return false;
    for (const g of EXAMPLE_GROUPS) this.create(g);
    return true;
  }

  private exists(id: string): boolean {
    return !!this.h.sqlite.prepare(`SELECT 1 FROM groups WHERE id = ?`).get(id);
  }

  private mustGet(id: string): Group {
    const g = this.get(id);
    if (!g) throw new AppError('not_found', `no group with id "${id}"`);
    return g;
  }

  /** @throws AppError('invalid') naming the first unknown user id at `path`. */
  private assertPeople(ids: string[], path: string[]): void {
    const known = this.h.sqlite.prepare(`SELECT 1 FROM users WHERE id = ?`);
    const unknown = ids.filter((u) => !known.get(u));
    if (unknown.length) throw new AppError('invalid', `${path.join('.')}: no person with id "${unknown[0]}"`, unknown.map((u) => ({ path, message: `no person with id "${u}"` })));
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(r.error.issues);
  throw new AppError('invalid', `${issues[0]?.path.join('.') || 'value'}: ${issues[0]?.message ?? 'not valid'}`, issues);
}
