/** The SQLite schema of groups and the audit log (part of `schema.ts`, which re-exports it). */
import { sqliteTable, text, integer, primaryKey, index } from 'drizzle-orm/sqlite-core';
import { users } from './schema-accounts';

/** Teams: a task may name groups as candidates; every member may act on it. */
export const groups = sqliteTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  createdAt: integer('created_at').notNull(),
});

export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id').notNull().references(() => groups.id),
    userId: text('user_id').notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user_idx').on(t.userId)],
);

/**
 * Append-only audit log: who did what to which object. Triggers (migration
 * `drizzle/sqlite/0005_groups_and_inbox`) make SQLite refuse UPDATE and DELETE of its rows.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    /** JSON object with action-specific details (reason, outcome, version, …). */
    details: text('details').notNull().default('{}'),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_actor_idx').on(t.actor, t.at), index('audit_action_idx').on(t.action, t.at), index('audit_target_idx').on(t.targetType, t.targetId)],
);
