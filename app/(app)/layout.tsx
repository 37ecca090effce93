/**
 * The signed-in area: every page but sign-in and setup. Checks the session on the
 * server (redirecting to `/setup` while Baton has no admin, else to `/sign-in`) and
 * hands the person to the client for role-aware UI.
 */
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { SessionProvider } from '@/components/auth/session';
import { currentUser } from '@/server/auth/current';
import { getApp } from '@/server/app';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect((await getApp().users.needsSetup()) ? '/setup' : '/sign-in');
  return (
    <SessionProvider user={user}>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
