'use client';
/**
 * The signed-in person at the foot of the sidebar: a button with their name and roles
 * that opens a menu (API keys, password, sign out). A Radix dropdown menu: arrow keys,
 * Escape and focus return come with it.
 */
import Link from 'next/link';
import { useState } from 'react';
import { ChevronsUpDown, KeyRound, LockKeyhole, LogOut } from 'lucide-react';
import { useSession } from '@/components/auth/session';
import { Menu, MenuItem, MenuLink, MenuSeparator } from '@/components/ui/menu';
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
  const roles = user.roles.map((r) => ROLE_LABELS[r].label).join(' · ') || 'No role';
  return (
    <div data-testid="user-menu" className="text-xs">
      <Menu
        side="top"
        align="start"
        width="w-52"
        testId="user-menu-content"
        header={
          <>
            <p className="truncate text-[13px] font-medium text-slate-900">{user.name}</p>
            <p className="truncate text-xs text-slate-500">{user.email}</p>
          </>
        }
        trigger={
          <button
            type="button"
            data-testid="user-menu-trigger"
            className="-m-1.5 flex w-[calc(100%+0.75rem)] items-center gap-2.5 rounded-lg p-1.5 text-left transition hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-400 data-[state=open]:bg-slate-800"
          >
            <span aria-hidden className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-indigo-500/20 text-[11px] font-semibold text-indigo-200 ring-1 ring-indigo-400/30">
              {initials}
            </span>
            <span className="min-w-0 flex-1">
              <span data-testid="signed-in-as" className="block truncate text-sm font-medium text-slate-100">
                {user.name}
              </span>
              <span data-testid="signed-in-roles" className="block truncate text-slate-400">
                {roles}
              </span>
            </span>
            <ChevronsUpDown aria-hidden className="h-4 w-4 shrink-0 text-slate-400" />
          </button>
        }
      >
        <MenuLink testId="settings-link">
          <Link href="/settings/api-keys">
            <KeyRound aria-hidden className="h-3.5 w-3.5 text-slate-500" />
            API keys
          </Link>
        </MenuLink>
        <MenuLink testId="password-link">
          <Link href="/settings/password">
            <LockKeyhole aria-hidden className="h-3.5 w-3.5 text-slate-500" />
            Change password
          </Link>
        </MenuLink>
        <MenuSeparator />
        <MenuItem onSelect={() => void signOut()} disabled={busy} testId="sign-out" icon={<LogOut className="h-3.5 w-3.5" aria-hidden />}>
          Sign out
        </MenuItem>
      </Menu>
    </div>
  );
}
