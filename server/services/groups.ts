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
import type { Storage } from '../storage/port';
import type { GroupRecord } from '../storage/ports/people';
import { AppError, zodIssues } from '../errors';
import type { Actor } from './actor';

export type Group = GroupRecord;

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

const notFound = (id: string) => new AppError('not_found', `no group with id "${id}"`);

/** @throws AppError('invalid') naming the first unknown user id at `path`. */
function assertPeople(unknown: string[], path: string[]): void {
  if (unknown.length) throw new AppError('invalid', `${path.join('.')}: no person with id "${unknown[0]}"`, unknown.map((u) => ({ path, message: `no person with id "${u}"` })));
}

export class GroupService {
  /** `storage`: the whole storage or just its people port. `clock`: epoch ms. */
  constructor(
    private readonly storage: Pick<Storage, 'people'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every group with its members, by name. */
  async list(): Promise<Group[]> {
    return this.storage.people.listGroups();
  }

  /** One group with its members, or null when unknown. */
  async get(id: string): Promise<Group | null> {
    return this.storage.people.getGroup(id);
  }

  /** Ids of the groups `userId` belongs to, sorted. */
  async groupsOf(userId: string): Promise<string[]> {
    return (await this.storage.people.access(userId)).groups;
  }

  /** The acting person with their roles and groups (an unknown person: none). */
  async actor(userId: string): Promise<Actor> {
    const a = await this.storage.people.access(userId);
    return { id: userId, groups: a.groups, roles: a.roles };
  }

  /**
   * Inserts a group with members as given, without checks or audit (seeding and test
   * fixtures; people use {@link add}). `at`: epoch ms.
   * @throws the database's error for a duplicate id or an unknown user (foreign key).
   */
  async create(g: Group, at = this.clock()): Promise<void> {
    await this.storage.people.createGroup(g, at);
  }

  /**
   * Creates a group (`{ id, name, description?, members? }`) on behalf of `by`; audited as `group.create`.
   * @throws AppError('invalid') for a bad field or an unknown member (issues name the field),
   *   AppError('conflict') when the id is taken.
   */
  async add(input: unknown, by: string): Promise<Group> {
    const data = parse(NewGroupSchema, input);
    const members = [...new Set(data.members)].sort();
    const at = this.clock();
    await this.storage.people.createGroup({ id: data.id, name: data.name, description: data.description, members }, at, ({ taken, unknownMembers }) => {
      if (taken) throw new AppError('conflict', `a group with the id "${data.id}" already exists`, [{ path: ['id'], message: 'already taken' }]);
      assertPeople(unknownMembers, ['members']);
      return [{ actor: by, action: 'group.create', targetType: 'group', targetId: data.id, details: { name: data.name, members }, at }];
    });
    return this.mustGet(data.id);
  }

  /**
   * Changes a group's name or description; audited as `group.update` (only when something changed).
   * The id never changes: workflows and tasks refer to it.
   * @throws AppError('not_found'), AppError('invalid') for a bad field.
   */
  async update(id: string, input: unknown, by: string): Promise<Group> {
    const change = parse(GroupChangeSchema, input);
    const after = await this.storage.people.updateGroup(id, (before) => {
      if (!before) throw notFound(id);
      const details: Record<string, string> = {};
      if (change.name !== undefined && change.name !== before.name) details.name = change.name;
      if (change.description !== undefined && change.description !== before.description) details.description = change.description;
      if (!Object.keys(details).length) return null;
      return {
        name: details.name ?? before.name,
        description: details.description ?? before.description,
        audit: [{ actor: by, action: 'group.update', targetType: 'group', targetId: id, details, at: this.clock() }],
      };
    });
    if (!after) throw notFound(id);
    return after;
  }

  /**
   * Adds and removes members (`{ add?: userIds, remove?: userIds }`), relative to the
   * current members so two admins editing at once do not undo each other. Adding a
   * member twice or removing a non-member is a no-op. Audited as `group.members` with
   * what actually changed.
   * @throws AppError('not_found') for an unknown group, AppError('invalid') for an unknown person in `add`.
   */
  async changeMembers(id: string, input: unknown, by: string): Promise<Group> {
    const change = parse(MembershipChangeSchema, input);
    const after = await this.storage.people.changeMembers(id, change.add, ({ group, unknownUsers }) => {
      if (!group) throw notFound(id);
      const before = new Set(group.members);
      const add = [...new Set(change.add)].filter((u) => !before.has(u)).sort();
      const remove = [...new Set(change.remove)].filter((u) => before.has(u)).sort();
      assertPeople(add.filter((u) => unknownUsers.includes(u)), ['add']);
      if (!add.length && !remove.length) return null;
      return { add, remove, audit: [{ actor: by, action: 'group.members', targetType: 'group', targetId: id, details: { added: add, removed: remove }, at: this.clock() }] };
    });
    if (!after) throw notFound(id);
    return after;
  }

  /**
   * Deletes a group and its memberships; audited as `group.delete`.
   * @throws AppError('not_found'), AppError('conflict') while an open task names the group
   *   as a candidate group or as its escalation group (the message counts them).
   */
  async remove(id: string, by: string): Promise<void> {
    await this.storage.people.deleteGroup(id, ({ group: g, openTasks: open }) => {
      if (!g) throw notFound(id);
      if (open > 0) {
        throw new AppError(
          'conflict',
          `“${g.name}” cannot be deleted: ${open === 1 ? '1 open task names' : `${open} open tasks name`} it as a candidate or escalation group. Complete or cancel ${open === 1 ? 'that task' : 'those tasks'} first.`,
          [{ path: ['id'], message: 'named by open tasks', code: 'GROUP_IN_USE' }],
        );
      }
      return [{ actor: by, action: 'group.delete', targetType: 'group', targetId: id, details: { name: g.name, members: g.members }, at: this.clock() }];
    });
  }

  /** How many open tasks name `id` as a candidate group or escalation group. */
  async openTasksNaming(id: string): Promise<number> {
    return this.storage.people.openTasksNaming(id);
  }

  /** Seeds {@link EXAMPLE_GROUPS} when there are no groups yet and their members exist. @returns whether it seeded. */
  async seedIfEmpty(): Promise<boolean> {
    return this.storage.people.seedGroups(this.clock(), (known) => (EXAMPLE_GROUPS.every((g) => g.members.every((m) => known.has(m))) ? EXAMPLE_GROUPS : []));
  }

  private async mustGet(id: string): Promise<Group> {
    const g = await this.get(id);
    if (!g) throw notFound(id);
    return g;
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(r.error.issues);
  throw new AppError('invalid', `${issues[0]?.path.join('.') || 'value'}: ${issues[0]?.message ?? 'not valid'}`, issues);
}
