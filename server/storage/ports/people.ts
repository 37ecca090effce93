/**
 * People, their roles, groups and API keys. Passwords, sessions and the creation of a
 * person with a password belong to better-auth (`server/auth/auth.ts`), which writes the
 * same tables through its own adapter; this port reads them and makes Baton's own changes.
 *
 * Read-check-write operations take a pure, synchronous `decide` callback (see
 * `../port.ts`): it gets the stored state read inside the operation's transaction
 * (PostgreSQL: rows locked `FOR UPDATE`), returns what to write with the audit entries
 * that record it, or `null` to write nothing, or throws to refuse (nothing is written and
 * the error reaches the caller). It may run more than once on PostgreSQL (retried
 * transaction), so it must have no other effects.
 */
import type { Role } from '@/lib/auth/roles';
import type { AuditInput } from './audit';

/** A person as pickers show them. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
}

/** A person with roles and the disabled flag (what access checks need). */
export interface UserAccessRecord extends UserRecord {
  roles: Role[];
  disabled: boolean;
}

/** A person as the People page shows them. Times are epoch ms. */
export interface PersonRecord extends UserAccessRecord {
  /** Whether a password is set (a `credential` account with a password exists). */
  canSignIn: boolean;
  createdAt: number;
}

/** A person inserted by seeding (no password: they cannot sign in until one is set). */
export interface SeedPerson {
  id: string;
  name: string;
  email: string;
  /** Comma-separated role names. */
  roles: string;
}

/** What {@link PeopleStorePort.changePerson}'s `decide` may write. */
export interface PersonWrite {
  name?: string;
  roles?: Role[];
  disabled?: boolean;
  /** Epoch ms; set as `updated_at` when given. */
  updatedAt?: number;
  audit?: AuditInput[];
}

/** A group with its members. */
export interface GroupRecord {
  id: string;
  name: string;
  description: string;
  /** User ids, sorted. */
  members: string[];
}

/** A person's roles and groups (the acting person of an access check). Unknown person: no roles, no groups. */
export interface AccessRecord {
  roles: Role[];
  /** Group ids, sorted. */
  groups: string[];
}

/** Membership changes a `decide` of {@link PeopleStorePort.changeMembers} returns. */
export interface MembershipWrite {
  add: string[];
  remove: string[];
  audit?: AuditInput[];
}

/** An API key as stored, without its hash. Times are epoch ms. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The first characters (`baton_x1Y2z3`). */
  start: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
}

export interface PeopleStorePort {
  // --- people -------------------------------------------------------------------------
  /** Everyone, by name (then id). */
  listUsers(): Promise<UserRecord[]>;
  /** One person, or null. */
  getUser(id: string): Promise<UserRecord | null>;
  /** One person with roles and the disabled flag, or null (the check of every request). */
  userAccess(id: string): Promise<UserAccessRecord | null>;
  /** The id of the person with this (lower-case) email, or null. */
  userIdByEmail(email: string): Promise<string | null>;
  /** Everyone with roles and sign-in state, by name (then id). */
  people(): Promise<PersonRecord[]>;
  /** Whether `userId` has a `credential` account (a password row, set or not). */
  hasCredentialAccount(userId: string): Promise<boolean>;
  /**
   * Changes one person: `decide(person, everyone)` sees them (null when unknown) and all
   * people, locked, and returns the change (only given fields are written) or null.
   * @returns the person after the operation (null when unknown).
   * @throws what `decide` throws.
   */
  changePerson(id: string, decide: (person: PersonRecord | null, everyone: readonly PersonRecord[]) => PersonWrite | null): Promise<PersonRecord | null>;
  /**
   * Inserts `people` (created/updated at `at`, epoch ms) when there is nobody yet, in one
   * transaction. @returns whether it inserted.
   */
  seedPeople(people: readonly SeedPerson[], at: number): Promise<boolean>;

  // --- groups -------------------------------------------------------------------------
  /** Every group with its members, by name (then id). */
  listGroups(): Promise<GroupRecord[]>;
  /** One group with its members, or null. */
  getGroup(id: string): Promise<GroupRecord | null>;
  /** A person's roles and group ids. */
  access(userId: string): Promise<AccessRecord>;
  /**
   * Inserts a group with its members (created at `at`, epoch ms) after
   * `decide({ taken, unknownMembers })` returned the audit entries to write with it.
   * Without `decide`, inserts unchecked (fixtures, seeding).
   * @throws what `decide` throws; the database's error for a duplicate id or unknown member without `decide`.
   */
  createGroup(group: GroupRecord, at: number, decide?: (s: { taken: boolean; unknownMembers: string[] }) => AuditInput[]): Promise<void>;
  /**
   * Changes a group's name and description: `decide(group)` (null when unknown) returns
   * the new values and audit entries, or null to write nothing. @returns the group after.
   */
  updateGroup(id: string, decide: (group: GroupRecord | null) => { name: string; description: string; audit?: AuditInput[] } | null): Promise<GroupRecord | null>;
  /**
   * Adds and removes members: `decide({ group, unknownUsers })` sees the group (null when
   * unknown) and which of `candidates` (the ids it may add) are not people, and returns
   * the members to add and remove, or null. @returns the group after.
   */
  changeMembers(id: string, candidates: readonly string[], decide: (s: { group: GroupRecord | null; unknownUsers: string[] }) => MembershipWrite | null): Promise<GroupRecord | null>;
  /**
   * Deletes a group and its memberships after `decide({ group, openTasks })` (group null
   * when unknown; `openTasks`: open tasks naming it as a candidate or escalation group)
   * returned the audit entries. @throws what `decide` throws.
   */
  deleteGroup(id: string, decide: (s: { group: GroupRecord | null; openTasks: number }) => AuditInput[]): Promise<void>;
  /** How many open tasks name group `id` as a candidate group or as their escalation group. */
  openTasksNaming(id: string): Promise<number>;
  /**
   * Inserts groups when there are none: `decide(userIds)` gets every person's id and
   * returns the groups to insert (created at `at`) or `[]`. @returns whether it inserted.
   */
  seedGroups(at: number, decide: (userIds: ReadonlySet<string>) => readonly GroupRecord[]): Promise<boolean>;

  // --- API keys -----------------------------------------------------------------------
  /** The person's API keys, newest first. */
  listApiKeys(userId: string): Promise<ApiKeyRecord[]>;
  /**
   * Deletes the person's key `keyId` with `audit` in one transaction.
   * @returns false (nothing written) when the person has no such key.
   */
  deleteApiKey(userId: string, keyId: string, audit: readonly AuditInput[]): Promise<boolean>;
}
