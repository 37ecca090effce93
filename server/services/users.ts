/**
 * People: who may sign in, with which roles. Passwords and sessions belong to
 * better-auth (`server/auth/auth.ts`); this service creates people with a password
 * through its context (scrypt hashes in `accounts`), edits names, roles and the
 * disabled flag, and bootstraps the first admin. Every change is audited
 * (`user.create`, `user.update`, `user.password_set`, `user.setup`).
 *
 * Invariant: at least one enabled admin who can sign in remains once one exists — a
 * change that would remove the last one is refused (409).
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbHandle } from '../db/open';
import { accounts, users } from '../db/schema';
import { AppError } from '../errors';
import type { Auth } from '../auth/auth';
import { formatRoles, parseRoles, ROLES, type Role } from '@/lib/auth/roles';
import { recordAudit } from './audit';

/**
 * A signed-in person as the server sees them ({@link UserService.signedIn}); a
 * request's principal (`server/auth/principal.ts`) carries one.
 */
export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  roles: Role[];
}

/** A person as pickers show them. */
export interface User {
  id: string;
  name: string;
  email: string;
}

/** A person as the People page shows them. */
export interface Person extends User {
  roles: Role[];
  disabled: boolean;
  /** Whether a password is set (a person without one cannot sign in yet). */
  canSignIn: boolean;
  createdAt: number;
}

export const MIN_PASSWORD_LENGTH = 10;
const email = z.string().trim().toLowerCase().email('not a valid email address').max(320);
const name = z.string().trim().min(1, 'a name is required').max(120);
const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(256);
const roles = z.array(z.enum(ROLES)).min(1, 'at least one role');

export const NewPersonSchema = z.object({ name, email, roles, password });
export const PersonChangeSchema = z.object({ name: name.optional(), roles: roles.optional(), disabled: z.boolean().optional() });
export const FirstAdminSchema = z.object({ name, email, password });
export const PasswordSchema = password;

export class UserService {
  constructor(
    private readonly h: DbHandle,
    private readonly auth: () => Auth,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Everyone, by name (pickers: assignee, delegation). */
  list(): User[] {
    return this.h.db.select({ id: users.id, name: users.name, email: users.email }).from(users).orderBy(asc(users.name)).all();
  }

  get(id: string): User | null {
    return this.h.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, id)).get() ?? null;
  }

  /** Everyone with roles and sign-in state (the People page). */
  people(): Person[] {
    const rows = this.h.db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        roles: users.roles,
        disabled: users.disabled,
        createdAt: users.createdAt,
        // Written out with table-qualified names: drizzle renders `${column}` unqualified
        // inside `sql`, and an unqualified "id" in the subquery would mean accounts.id.
        canSignIn: sql<number>`EXISTS (SELECT 1 FROM accounts AS a WHERE a.user_id = users.id AND a.provider_id = 'credential' AND a.password IS NOT NULL)`,
      })
      .from(users)
      .orderBy(asc(users.name))
      .all();
    return rows.map((r) => ({ ...r, roles: parseRoles(r.roles), canSignIn: r.canSignIn === 1, createdAt: r.createdAt.getTime() }));
  }

  /** The signed-in view of a person, or null when unknown or disabled. */
  signedIn(id: string): SignedInUser | null {
    const r = this.h.db.select({ id: users.id, name: users.name, email: users.email, roles: users.roles, disabled: users.disabled }).from(users).where(eq(users.id, id)).get();
    if (!r || r.disabled) return null;
    return { id: r.id, name: r.name, email: r.email, roles: parseRoles(r.roles) };
  }

  /** Whether nobody can administer Baton yet: no enabled admin with a password. The setup page is open exactly then. */
  needsSetup(): boolean {
    return !this.people().some((p) => p.roles.includes('admin') && !p.disabled && p.canSignIn);
  }

  /**
   * Creates a person who can sign in with `password`.
   * @throws AppError('invalid') for a bad field (issues name it), AppError('conflict') when the email is taken.
   */
  async create(input: unknown, by: string): Promise<Person> {
    const data = parse(NewPersonSchema, input);
    if (this.h.db.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get()) {
      throw new AppError('conflict', `someone with the email ${data.email} already exists`, [{ path: ['email'], message: 'already taken' }]);
    }
    const ctx = await this.auth().$context;
    const hash = await ctx.password.hash(data.password);
    const created = await ctx.internalAdapter.createUser({ name: data.name, email: data.email, emailVerified: false, roles: formatRoles(data.roles), disabled: false }, { method: 'admin' });
    await ctx.internalAdapter.linkAccount({ userId: created.id, providerId: 'credential', accountId: created.id, password: hash });
    recordAudit(this.h.sqlite, { actor: by, action: 'user.create', targetType: 'user', targetId: created.id, details: { email: data.email, roles: data.roles }, at: this.clock() });
    return this.person(created.id);
  }

  /**
   * Changes a person's name, roles or disabled flag. Disabling ends their sessions.
   * @throws AppError('not_found'), AppError('invalid'), AppError('conflict') when it would leave no enabled admin.
   */
  async update(id: string, input: unknown, by: string): Promise<Person> {
    const change = parse(PersonChangeSchema, input);
    const before = this.person(id);
    const after = { roles: change.roles ?? before.roles, disabled: change.disabled ?? before.disabled };
    const wasAdmin = before.roles.includes('admin') && !before.disabled && before.canSignIn;
    const staysAdmin = after.roles.includes('admin') && !after.disabled;
    if (wasAdmin && !staysAdmin && this.people().filter((p) => p.roles.includes('admin') && !p.disabled && p.canSignIn).length <= 1) {
      throw new AppError('conflict', 'Baton needs at least one enabled admin: make someone else an admin first', [{ path: ['roles'], message: 'last admin' }]);
    }
    this.h.sqlite.transaction(() => {
      this.h.db
        .update(users)
        .set({ ...(change.name ? { name: change.name } : {}), roles: formatRoles(after.roles), disabled: after.disabled, updatedAt: new Date(this.clock()) })
        .where(eq(users.id, id))
        .run();
      const details: Record<string, string | boolean | string[]> = {};
      if (change.name && change.name !== before.name) details.name = change.name;
      if (change.roles && formatRoles(change.roles) !== formatRoles(before.roles)) {
        details.rolesBefore = before.roles;
        details.roles = parseRoles(formatRoles(change.roles));
      }
      if (change.disabled !== undefined && change.disabled !== before.disabled) details.disabled = change.disabled;
      if (Object.keys(details).length) recordAudit(this.h.sqlite, { actor: by, action: 'user.update', targetType: 'user', targetId: id, details, at: this.clock() });
    })();
    if (after.disabled && !before.disabled) await (await this.auth().$context).internalAdapter.deleteUserSessions(id);
    return this.person(id);
  }

  /**
   * Sets (or first sets) a person's password; ends their other sessions.
   * @throws AppError('not_found'), AppError('invalid') for a password that is too short or long.
   */
  async setPassword(id: string, newPassword: unknown, by: string): Promise<void> {
    const pw = parse(PasswordSchema, newPassword, ['password']);
    this.person(id);
    const ctx = await this.auth().$context;
    const hash = await ctx.password.hash(pw);
    const existing = this.h.db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.userId, id), eq(accounts.providerId, 'credential'))).get();
    if (existing) await ctx.internalAdapter.updatePassword(id, hash);
    else await ctx.internalAdapter.linkAccount({ userId: id, providerId: 'credential', accountId: id, password: hash });
    if (by !== id) await ctx.internalAdapter.deleteUserSessions(id);
    recordAudit(this.h.sqlite, { actor: by, action: 'user.password_set', targetType: 'user', targetId: id, details: {}, at: this.clock() });
  }

  /**
   * Creates the first admin from the setup page. Open only while {@link needsSetup};
   * an existing person with that email (e.g. a seeded one) becomes the admin.
   * @throws AppError('forbidden') once an admin exists, AppError('invalid') for bad fields.
   */
  async setupFirstAdmin(input: unknown): Promise<Person> {
    // One setup at a time: two visitors racing on a fresh install must not both become admin.
    const run = this.setupQueue.then(() => this.setupOnce(input));
    this.setupQueue = run.catch(() => undefined);
    return run;
  }

  private setupQueue: Promise<unknown> = Promise.resolve();

  private async setupOnce(input: unknown): Promise<Person> {
    const data = parse(FirstAdminSchema, input);
    if (!this.needsSetup()) throw new AppError('forbidden', 'Baton already has an admin: sign in instead');
    const existing = this.h.db.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get();
    let id: string;
    if (existing) {
      id = existing.id;
      this.h.db.update(users).set({ name: data.name, roles: formatRoles([...this.person(id).roles, 'admin']), disabled: false }).where(eq(users.id, id)).run();
      await this.setPassword(id, data.password, id);
    } else {
      id = (await this.create({ ...data, roles: ['admin'] }, 'setup')).id;
    }
    recordAudit(this.h.sqlite, { actor: id, action: 'user.setup', targetType: 'user', targetId: id, details: { email: data.email }, at: this.clock() });
    return this.person(id);
  }

  /**
   * First-start bootstrap from the environment: when `BATON_ADMIN_EMAIL` and
   * `BATON_ADMIN_PASSWORD` are set and Baton has no admin yet, creates that admin.
   * Returns whether one was created. @throws AppError('invalid') for a bad email or a short password.
   */
  async bootstrapAdmin(env: Record<string, string | undefined> = process.env): Promise<boolean> {
    const mail = env.BATON_ADMIN_EMAIL?.trim();
    const pw = env.BATON_ADMIN_PASSWORD;
    if (!mail || !pw || !this.needsSetup()) return false;
    await this.setupFirstAdmin({ name: env.BATON_ADMIN_NAME?.trim() || 'Administrator', email: mail, password: pw });
    return true;
  }

  private person(id: string): Person {
    const p = this.people().find((x) => x.id === id);
    if (!p) throw new AppError('not_found', `no person with id "${id}"`);
    return p;
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: string[] = []): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message }));
  throw new AppError('invalid', `${issues[0]?.path.join('.') || 'value'}: ${issues[0]?.message ?? 'not valid'}`, issues);
}
