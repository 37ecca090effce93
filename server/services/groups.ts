/**
 * Groups (teams) of local people. A user task may name groups as candidates; every
 * member may then see, claim and decide it. Managing groups belongs to the accounts
 * change; this service reads them and seeds the examples.
 */
import 'server-only';
import { parseRoles } from '@/lib/auth/roles';
import type { DbHandle } from '../db/open';
import type { Actor } from './actor';

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
];

export class GroupService {
  constructor(private readonly h: DbHandle) {}

  /** Every group with its members, by name. */
  list(): Group[] {
    const groups = this.h.sqlite.prepare(`SELECT id, name, description FROM groups ORDER BY name`).all() as Omit<Group, 'members'>[];
    const members = this.h.sqlite.prepare(`SELECT group_id AS groupId, user_id AS userId FROM group_members ORDER BY user_id`).all() as { groupId: string; userId: string }[];
    return groups.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id).map((m) => m.userId) }));
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
   * Creates a group with members (ids must exist as users).
   * @throws Error from SQLite for a duplicate id or an unknown user (foreign key).
   */
  create(g: Group, at = Date.now()): void {
    this.h.sqlite.transaction(() => {
      this.h.sqlite.prepare(`INSERT INTO groups (id, name, description, created_at) VALUES (?, ?, ?, ?)`).run(g.id, g.name, g.description, at);
      const add = this.h.sqlite.prepare(`INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`);
      for (const m of g.members) add.run(g.id, m);
    })();
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
}
