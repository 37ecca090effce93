'use client';
/**
 * The signed-in person on the client: `SessionProvider` (filled by the server layout
 * after it checked the session) and `useSession()` → `{ user, can(permission) }`, the
 * one switch the UI uses to hide what a role cannot do. Hiding is a courtesy; the
 * server checks every call (see `lib/auth/roles.ts`).
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { can, type Permission, type Role } from '@/lib/auth/roles';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  roles: Role[];
}

interface SessionValue {
  user: SessionUser;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  const value = useMemo<SessionValue>(() => ({ user, can: (p) => can(user.roles, p) }), [user]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in person. @throws Error outside a `SessionProvider` (pages outside the signed-in area). */
export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession() needs a SessionProvider (signed-in pages only)');
  return v;
}

/** Renders `children` only when the signed-in person has `permission`. */
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useSession().can(permission) ? <>{children}</> : null;
}
