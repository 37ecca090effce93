/**
 * Local people. Until accounts arrive, the app acts as one of them (the "acting as"
 * selector, stored in the `baton_user` cookie) and every decision records that id.
 */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import { users } from '../db/schema';

export interface User {
  id: string;
  name: string;
  email: string;
}

export class UserService {
  constructor(private readonly h: DbHandle) {}

  list(): User[] {
    return this.h.db.select({ id: users.id, name: users.name, email: users.email }).from(users).orderBy(asc(users.name)).all();
  }

  get(id: string): User | null {
    return this.h.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, id)).get() ?? null;
  }

  /** The acting user for a request: the cookie's user if it exists, else the first user. */
  resolve(id: string | undefined | null): User {
    const u = id ? this.get(id) : null;
    if (u) return u;
    const all = this.list();
    return all[0] ?? { id: 'system', name: 'System', email: '' };
  }
}
