'use client';
/**
 * The frame around every signed-in page: a slim sidebar (logo, navigation for the
 * person's roles, inbox badge, the person). In the designer the sidebar folds into an
 * icons-only rail to leave room for the canvas; its toggle is remembered in this
 * browser (`useSidebarCollapsed`). On the canvas pages (designer, run view) the
 * navigation links do not prefetch their pages: those requests and their rendering
 * would compete with drawing a big canvas.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { CircleQuestionMark, Inbox, KeyRound, ListChecks, PanelLeftClose, PanelLeftOpen, Play, Users, Workflow, type LucideIcon } from 'lucide-react';
import { useSidebarCollapsed } from './use-sidebar';
import { UserMenu } from './user-menu';
import { useSession } from '@/components/auth/session';
import type { Permission } from '@/lib/auth/roles';
import { InboxBadge } from '@/components/inbox/inbox-badge';
import { useLiveInvalidation } from './use-live-invalidation';

const NAV: { href: string; label: string; icon: LucideIcon; needs?: Permission }[] = [
  { href: '/workflows', label: 'Workflows', icon: Workflow },
  { href: '/runs', label: 'Runs', icon: Play },
  { href: '/inbox', label: 'Inbox', icon: Inbox },
  { href: '/credentials', label: 'Credentials', needs: 'credential.manage', icon: KeyRound },
  { href: '/help/nodes', label: 'Node help', icon: CircleQuestionMark },
  { href: '/people', label: 'People', needs: 'people.manage', icon: Users },
  { href: '/audit', label: 'Audit log', needs: 'audit.read', icon: ListChecks },
];

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const session = useSession();
  useLiveInvalidation();
  const designer = /^\/workflows\/[^/]+/.test(pathname);
  const prefetch = designer || /^\/runs\/[^/]+/.test(pathname) ? false : undefined;
  const [collapsedPref, toggle] = useSidebarCollapsed();
  const collapsed = designer && collapsedPref;
  // One tree for both states: toggling swaps the sidebar only, never remounts the page.
  return (
    <div className="flex h-screen overflow-hidden">
      {collapsed ? <Rail pathname={pathname} onExpand={toggle} prefetch={prefetch} /> : <aside aria-label="Sidebar" className="flex w-56 shrink-0 flex-col bg-slate-900 text-slate-300" data-testid="app-sidebar" data-collapsed="false">
        <Link href="/workflows" prefetch={prefetch} aria-label="Baton, home" className="flex items-center gap-2 px-5 py-5 text-white">
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
        <nav aria-label="Main" className="flex flex-col gap-0.5 px-3">
          {NAV.filter((n) => !n.needs || session.can(n.needs)).map((n) => {
            const active = pathname === n.href || pathname.startsWith(n.href + '/');
            return (
              <Link
                key={n.href}
                href={n.href}
                prefetch={prefetch}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition ${active ? 'bg-slate-800 text-white' : 'hover:bg-slate-800/60 hover:text-white'}`}
              >
                <n.icon aria-hidden className="h-4 w-4 shrink-0" />
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
function Rail({ pathname, onExpand, prefetch }: { pathname: string; onExpand: () => void; prefetch: false | undefined }) {
  const session = useSession();
  const initials = session.user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
      <aside aria-label="Sidebar" className="flex w-14 shrink-0 flex-col items-center bg-slate-900 py-4 text-slate-300" data-testid="app-sidebar" data-collapsed="true">
        <Link href="/workflows" prefetch={prefetch} aria-label="Baton: workflows" title="Baton" className="mb-3">
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
                prefetch={prefetch}
                aria-label={n.label}
                aria-current={active ? 'page' : undefined}
                title={n.label}
                className={`relative flex h-9 w-9 items-center justify-center rounded-md transition ${active ? 'bg-slate-800 text-white' : 'hover:bg-slate-800/60 hover:text-white'}`}
              >
                <n.icon aria-hidden className="h-4 w-4" />
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
          prefetch={prefetch}
          title={`${session.user.name}: settings`}
          aria-label={`${session.user.name}: settings`}
          className="mt-auto flex h-8 w-8 items-center justify-center rounded-full bg-indigo-500/20 text-[11px] font-semibold text-indigo-200 ring-1 ring-indigo-400/30 hover:ring-indigo-300"
        >
          <span aria-hidden>{initials}</span>
          <span className="sr-only" data-testid="signed-in-as">{session.user.name}</span>
        </Link>
      </aside>
  );
}
