'use client';
/**
 * The frame around every signed-in page: a slim sidebar (logo, navigation for the
 * person's roles, inbox badge, the person). In the designer the sidebar folds into an
 * icons-only rail to leave room for the canvas; its toggle is remembered in this
 * browser (`useSidebarCollapsed`).
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { PanelLeftClose, PanelLeftOpen } from 'lucide-react';
import { useSidebarCollapsed } from './use-sidebar';
import { UserMenu } from './user-menu';
import { useSession } from '@/components/auth/session';
import type { Permission } from '@/lib/auth/roles';
import { InboxBadge } from '@/components/inbox/inbox-badge';
import { useLiveInvalidation } from './use-live-invalidation';

const NAV: { href: string; label: string; icon: string; needs?: Permission }[] = [
  { href: '/workflows', label: 'Workflows', icon: 'M4 6h16M4 12h10M4 18h7' },
  { href: '/runs', label: 'Runs', icon: 'M5 3l14 9-14 9V3z' },
  { href: '/inbox', label: 'Inbox', icon: 'M3 13h4l2 3h6l2-3h4M5 5h14l2 8v6H3v-6l2-8z' },
  { href: '/credentials', label: 'Credentials', needs: 'credential.manage', icon: 'M15.5 3.5a5 5 0 1 1-3.2 8.8L5 19.5V21H3v-2.5l7.2-7.2a5 5 0 0 1 5.3-7.8zM16.5 7.5h.01' },
  { href: '/help/nodes', label: 'Node help', icon: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9.2a2.6 2.6 0 1 1 3.6 2.4c-.7.3-1.1.9-1.1 1.6v.6M12 16.8v.2' },
  { href: '/people', label: 'People', needs: 'people.manage', icon: 'M16 19v-1a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v1M9 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM22 19v-1a4 4 0 0 0-3-3.9M16 3.1a3.5 3.5 0 0 1 0 6.8' },
  { href: '/audit', label: 'Audit log', needs: 'audit.read', icon: 'M9 5h10M9 12h10M9 19h10M5 5h.01M5 12h.01M5 19h.01' },
];

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const session = useSession();
  useLiveInvalidation();
  const designer = /^\/workflows\/[^/]+/.test(pathname);
  const [collapsedPref, toggle] = useSidebarCollapsed();
  const collapsed = designer && collapsedPref;
  // One tree for both states: toggling swaps the sidebar only, never remounts the page.
  return (
    <div className="flex h-screen overflow-hidden">
      {collapsed ? <Rail pathname={pathname} onExpand={toggle} /> : <aside className="flex w-56 shrink-0 flex-col bg-slate-900 text-slate-300" data-testid="app-sidebar" data-collapsed="false">
        <Link href="/workflows" className="flex items-center gap-2 px-5 py-5 text-white">
          <svg viewBox="0 0 24 24" className="h-7 w-7" aria-hidden>
            <rect x="2" y="2" width="20" height="20" rx="6" className="fill-indigo-500" />
            <path d="M7 16.5 16.5 7M9 7h7.5v7.5" stroke="white" strokeWidth="2.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="flex-1 text-lg font-semibold tracking-tight">Baton</span>
          {designer && (
            <button
              type="button"
              onClick={(e) => {
                e.preventDefault();
                toggle();
              }}
              aria-label="Collapse the sidebar"
              title="Collapse the sidebar"
              data-testid="sidebar-toggle"
              className="-mr-2 flex h-7 w-7 items-center justify-center rounded-md text-slate-400 hover:bg-slate-800 hover:text-white"
            >
              <PanelLeftClose className="h-4 w-4" aria-hidden />
            </button>
          )}
        </Link>
        <nav className="flex flex-col gap-0.5 px-3">
          {NAV.filter((n) => !n.needs || session.can(n.needs)).map((n) => {
            const active = pathname === n.href || pathname.startsWith(n.href + '/');
            return (
              <Link
                key={n.href}
                href={n.href}
                className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition ${active ? 'bg-slate-800 text-white' : 'hover:bg-slate-800/60 hover:text-white'}`}
              >
                <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
                  <path d={n.icon} />
                </svg>
                <span className="flex-1">{n.label}</span>
                {n.href === '/inbox' && <InboxBadge />}
              </Link>
            );
          })}
        </nav>
        <div className="mt-auto border-t border-slate-800 p-4">
          <UserMenu />
        </div>
      </aside>}
      <main className="min-w-0 flex-1 overflow-auto">{children}</main>
    </div>
  );
}

/** The collapsed sidebar: logo, navigation icons (named by their tooltips), the person's initials. */
function Rail({ pathname, onExpand }: { pathname: string; onExpand: () => void }) {
  const session = useSession();
  const initials = session.user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
      <aside className="flex w-14 shrink-0 flex-col items-center bg-slate-900 py-4 text-slate-300" data-testid="app-sidebar" data-collapsed="true">
        <Link href="/workflows" aria-label="Baton: workflows" title="Baton" className="mb-3">
          <svg viewBox="0 0 24 24" className="h-7 w-7" aria-hidden>
            <rect x="2" y="2" width="20" height="20" rx="6" className="fill-indigo-500" />
            <path d="M7 16.5 16.5 7M9 7h7.5v7.5" stroke="white" strokeWidth="2.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </Link>
        <button
          type="button"
          onClick={onExpand}
          aria-label="Expand the sidebar"
          title="Expand the sidebar"
          data-testid="sidebar-toggle"
          className="mb-2 flex h-8 w-8 items-center justify-center rounded-md text-slate-400 hover:bg-slate-800 hover:text-white"
        >
          <PanelLeftOpen className="h-4 w-4" aria-hidden />
        </button>
        <nav className="flex flex-col items-center gap-1">
          {NAV.filter((n) => !n.needs || session.can(n.needs)).map((n) => {
            const active = pathname === n.href || pathname.startsWith(n.href + '/');
            return (
              <Link
                key={n.href}
                href={n.href}
                aria-label={n.label}
                title={n.label}
                className={`relative flex h-9 w-9 items-center justify-center rounded-md transition ${active ? 'bg-slate-800 text-white' : 'hover:bg-slate-800/60 hover:text-white'}`}
              >
                <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
                  <path d={n.icon} />
                </svg>
                {n.href === '/inbox' && (
                  <span className="absolute -top-1 -right-1.5 scale-75">
                    <InboxBadge />
                  </span>
                )}
              </Link>
            );
          })}
        </nav>
        <Link
          href="/settings/api-keys"
          title={`${session.user.name}: settings`}
          aria-label={`${session.user.name}: settings`}
          className="mt-auto flex h-8 w-8 items-center justify-center rounded-full bg-indigo-500/20 text-[11px] font-semibold text-indigo-200 ring-1 ring-indigo-400/30 hover:ring-indigo-300"
        >
          {initials}
        </Link>
      </aside>
  );
}
