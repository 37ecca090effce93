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
import { z } from 'zod';
import type { Storage } from '../storage/port';
import type { PersonRecord, UserRecord } from '../storage/ports/people';
import { AppError } from '../errors';
import type { Auth } from '../auth/auth';
import { formatRoles, parseRoles, ROLES, type Role } from '@/lib/auth/roles';

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
export type User = UserRecord;

/** A person as the People page shows them (`canSignIn`: a password is set; `createdAt`: epoch ms). */
export type Person = PersonRecord;

export const MIN_PASSWORD_LENGTH = 10;
const email = z.string().trim().toLowerCase().email('not a valid email address').max(320);
const name = z.string().trim().min(1, 'a name is required').max(120);
const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(256);
const roles = z.array(z.enum(ROLES)).min(1, 'at least one role');

export const NewPersonSchema = z.object({ name, email, roles, password });
export const PersonChangeSchema = z.object({ name: name.optional(), roles: roles.optional(), disabled: z.boolean().optional() });
export const FirstAdminSchema = z.object({ name, email, password });
export const PasswordSchema = password;

/** Whether `p` administers Baton: an enabled admin who can sign in. */
const isActiveAdmin = (p: Person) => p.roles.includes('admin') && !p.disabled && p.canSignIn;
/** The setup page is open while nobody administers Baton. */
const needsSetupAmong = (people: readonly Person[]) => !people.some(isActiveAdmin);

const notFound = (id: string) => new AppError('not_found', `no person with id "${id}"`);

export class UserService {
  /** `storage`: people and the audit log. `auth`: better-auth, which creates people with a password and ends sessions. `clock`: epoch ms. */
  constructor(
    private readonly storage: Pick<Storage, 'people' | 'audit'>,
    private readonly auth: () => Auth,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Everyone, by name (pickers: assignee, delegation). */
  async list(): Promise<User[]> {
    return this.storage.people.listUsers();
  }

  /** One person, or null. */
  async get(id: string): Promise<User | null> {
    return this.storage.people.getUser(id);
  }

  /** Everyone with roles and sign-in state (the People page). */
  async people(): Promise<Person[]> {
    return this.storage.people.people();
  }

  /** The signed-in view of a person, or null when unknown or disabled. */
  async signedIn(id: string): Promise<SignedInUser | null> {
    const r = await this.storage.people.userAccess(id);
    if (!r || r.disabled) return null;
    return { id: r.id, name: r.name, email: r.email, roles: r.roles };
  }

  /** Whether nobody can administer Baton yet: no enabled admin with a password. The setup page is open exactly then. */
  async needsSetup(): Promise<boolean> {
    return needsSetupAmong(await this.people());
  }

  /**
   * Creates a person who can sign in with `password`.
   * @throws AppError('invalid') for a bad field (issues name it), AppError('conflict') when the email is taken.
   */
  async create(input: unknown, by: string): Promise<Person> {
    const data = parse(NewPersonSchema, input);
    if (await this.storage.people.userIdByEmail(data.email)) {
      throw new AppError('conflict', `someone with the email ${data.email} already exists`, [{ path: ['email'], message: 'already taken' }]);
    }
    const ctx = await this.auth().$context;
    const hash = await ctx.password.hash(data.password);
    const created = await ctx.internalAdapter.createUser({ name: data.name, email: data.email, emailVerified: false, roles: formatRoles(data.roles), disabled: false }, { method: 'admin' });
    await ctx.internalAdapter.linkAccount({ userId: created.id, providerId: 'credential', accountId: created.id, password: hash });
    await this.storage.audit.append([{ actor: by, action: 'user.create', targetType: 'user', targetId: created.id, details: { email: data.email, roles: data.roles }, at: this.clock() }]);
    return this.person(created.id);
  }

  /**
   * Changes a person's name, roles or disabled flag. Disabling ends their sessions.
   * @throws AppError('not_found'), AppError('invalid'), AppError('conflict') when it would leave no enabled admin.
   */
  async update(id: string, input: unknown, by: string): Promise<Person> {
    const change = parse(PersonChangeSchema, input);
    let disabledNow = false;
    const after = await this.storage.people.changePerson(id, (before, everyone) => {
      if (!before) throw notFound(id);
      const next = { roles: change.roles ?? before.roles, disabled: change.disabled ?? before.disabled };
      const staysAdmin = next.roles.includes('admin') && !next.disabled;
      if (isActiveAdmin(before) && !staysAdmin && everyone.filter(isActiveAdmin).length <= 1) {
        throw new AppError('conflict', 'Baton needs at least one enabled admin: make someone else an admin first', [{ path: ['roles'], message: 'last admin' }]);
      }
      const details: Record<string, string | boolean | string[]> = {};
      if (change.name && change.name !== before.name) details.name = change.name;
      if (change.roles && formatRoles(change.roles) !== formatRoles(before.roles)) {
        details.rolesBefore = before.roles;
        details.roles = parseRoles(formatRoles(change.roles));
      }
      if (change.disabled !== undefined && change.disabled !== before.disabled) details.disabled = change.disabled;
      disabledNow = next.disabled && !before.disabled;
      const at = this.clock();
      return {
        ...(change.name ? { name: change.name } : {}),
        roles: next.roles,
        disabled: next.disabled,
        updatedAt: at,
        audit: Object.keys(details).length ? [{ actor: by, action: 'user.update', targetType: 'user', targetId: id, details, at }] : [],
      };
    });
    if (!after) throw notFound(id);
    if (disabledNow) await (await this.auth().$context).internalAdapter.deleteUserSessions(id);
    return after;
  }

  /**
   * Sets (or first sets) a person's password; ends their other sessions.
   * @throws AppError('not_found'), AppError('invalid') for a password that is too short or long.
   */
  async setPassword(id: string, newPassword: unknown, by: string): Promise<void> {
    const pw = parse(PasswordSchema, newPassword, ['password']);
    await this.person(id);
    const ctx = await this.auth().$context;
    const hash = await ctx.password.hash(pw);
    if (await this.storage.people.hasCredentialAccount(id)) await ctx.internalAdapter.updatePassword(id, hash);
    else await ctx.internalAdapter.linkAccount({ userId: id, providerId: 'credential', accountId: id, password: hash });
    if (by !== id) await ctx.internalAdapter.deleteUserSessions(id);
    await this.storage.audit.append([{ actor: by, action: 'user.password_set', targetType: 'user', targetId: id, details: {}, at: this.clock() }]);
  }

  /**
   * Creates the first admin from the setup page. Open only while {@link needsSetup};
   * an existing person with that email (e.g. a seeded one) becomes the admin.
   * @throws AppError('forbidden') once an admin exists, AppError('invalid') for bad fields.
   */
  async setupFirstAdmin(input: unknown): Promise<Person> {
    // One setup at a time in this process: two visitors racing on a fresh install must not both become admin.
    const run = this.setupQueue.then(() => this.setupOnce(input));
    this.setupQueue = run.catch(() => undefined);
    return run;
  }

  private setupQueue: Promise<unknown> = Promise.resolve();

  private async setupOnce(input: unknown): Promise<Person> {
    const data = parse(FirstAdminSchema, input);
    const closed = () => new AppError('forbidden', 'Baton already has an admin: sign in instead');
    if (!(await this.needsSetup())) throw closed();
    const existing = await this.storage.people.userIdByEmail(data.email);
    let id: string;
    if (existing) {
      id = existing;
      // Checked again under the lock of the change: another process may have finished a setup meanwhile.
      await this.storage.people.changePerson(id, (p, everyone) => {
        if (!p) throw notFound(id);
        if (!needsSetupAmong(everyone)) throw closed();
        return { name: data.name, roles: [...p.roles, 'admin'], disabled: false };
      });
      await this.setPassword(id, data.password, id);
    } else {
      id = (await this.create({ ...data, roles: ['admin'] }, 'setup')).id;
    }
    await this.storage.audit.append([{ actor: id, action: 'user.setup', targetType: 'user', targetId: id, details: { email: data.email }, at: this.clock() }]);
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
    if (!mail || !pw || !(await this.needsSetup())) return false;
    await this.setupFirstAdmin({ name: env.BATON_ADMIN_NAME?.trim() || 'Administrator', email: mail, password: pw });
    return true;
  }

  private async person(id: string): Promise<Person> {
    const p = (await this.people()).find((x) => x.id === id);
    if (!p) throw notFound(id);
    return p;
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: string[] = []): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message }));
  throw new AppError('invalid', `${issues[0]?.path.join('.') || 'value'}: ${issues[0]?.message ?? 'not valid'}`, issues);
}
