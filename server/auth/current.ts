/**
 * The signed-in person for server components and layouts (reads the request's
 * cookies through `next/headers`). Null when signed out or disabled.
 */
import 'server-only';
import { headers } from 'next/headers';
import { getApp } from '../app';
import type { SignedInUser } from './principal';

export async function currentUser(): Promise<SignedInUser | null> {
  const app = getApp();
  const session = await app.auth.api.getSession({ headers: await headers() }).catch(() => null);
  return session ? await app.users.signedIn(session.user.id) : null;
}
