'use client';
/** The tab strip above the personal settings pages (API keys, password). */
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const TABS = [
  { href: '/settings/api-keys', label: 'API keys' },
  { href: '/settings/password', label: 'Password' },
];

export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav className="mx-auto flex w-full max-w-5xl gap-5 border-b border-slate-200 px-8 pt-6 text-sm" aria-label="Your settings">
      {TABS.map((t) => {
        const active = pathname === t.href;
        return (
          <Link key={t.href} href={t.href} data-testid={`settings-tab-${t.label.toLowerCase().replace(/\s+/g, '-')}`} className={`-mb-px border-b-2 pb-2.5 font-medium transition ${active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:text-slate-800'}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
