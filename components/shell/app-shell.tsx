'use client';
/** The frame around every signed-in page: a slim sidebar (logo, navigation for the person's roles, inbox badge, the person). */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { CircleQuestionMark, Inbox, KeyRound, ListChecks, Play, Users, Workflow, type LucideIcon } from 'lucide-react';
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
  return (
    <div className="flex h-screen overflow-hidden">
      <aside aria-label="Sidebar" className="flex w-56 shrink-0 flex-col bg-slate-900 text-slate-300">
        <Link href="/workflows" aria-label="Baton, home" className="flex items-center gap-2 px-5 py-5 text-white">
          <svg viewBox="0 0 24 24" className="h-7 w-7" aria-hidden>
            <rect x="2" y="2" width="20" height="20" rx="6" className="fill-indigo-500" />
            <path d="M7 16.5 16.5 7M9 7h7.5v7.5" stroke="white" strokeWidth="2.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="text-lg font-semibold tracking-tight">Baton</span>
        </Link>
        <nav aria-label="Main" className="flex flex-col gap-0.5 px-3">
          {NAV.filter((n) => !n.needs || session.can(n.needs)).map((n) => {
            const active = pathname === n.href || pathname.startsWith(n.href + '/');
            return (
              <Link
                key={n.href}
                href={n.href}
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
      </aside>
      <main className="min-w-0 flex-1 overflow-auto">{children}</main>
    </div>
  );
}
