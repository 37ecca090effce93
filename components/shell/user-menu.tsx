'use client';
/** The signed-in person at the foot of the sidebar: name, roles, their settings (API keys, password), sign out. */
import Link from 'next/link';
import { useState } from 'react';
import { useSession } from '@/components/auth/session';
import { ROLE_LABELS } from '@/lib/auth/roles';

export function UserMenu() {
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => null);
    window.location.assign('/sign-in');
  }
  const initials = user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div data-testid="user-menu" className="text-xs">
      <div className="flex items-center gap-2.5">
        <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-indigo-500/20 text-[11px] font-semibold text-indigo-200 ring-1 ring-indigo-400/30">{initials}</span>
        <div className="min-w-0">
          <div data-testid="signed-in-as" className="truncate text-sm font-medium text-slate-100">
            {user.name}
          </div>
          <div data-testid="signed-in-roles" className="truncate text-slate-400">
            {user.roles.map((r) => ROLE_LABELS[r].label).join(' · ') || 'No role'}
          </div>
        </div>
      </div>
      <div className="mt-3 flex gap-2">
        <Link href="/settings/api-keys" data-testid="settings-link" className="flex-1 rounded-md border border-slate-700 px-2 py-1.5 text-center font-medium text-slate-300 transition hover:border-slate-500 hover:text-white">
          Settings
        </Link>
        <button type="button" onClick={signOut} disabled={busy} data-testid="sign-out" className="flex-1 rounded-md border border-slate-700 px-2 py-1.5 font-medium text-slate-300 transition hover:border-slate-500 hover:text-white disabled:opacity-60">
          Sign out
        </button>
      </div>
    </div>
  );
}
