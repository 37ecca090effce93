/** The frame of the node help pages: the list of node types by category, and the page. */
import Link from 'next/link';
import { NODE_TYPES } from '@/lib/nodes/registry';
import { NodeIcon } from '@/components/nodes/icons';
import type { NodeCategory } from '@/lib/nodes/types';

const CATEGORIES: NodeCategory[] = ['Triggers', 'Actions', 'Flow', 'People'];

export function HelpFrame({ current, title, html, accent }: { current: string | null; title: string; html: string; accent?: string }) {
  return (
    <div className="mx-auto flex max-w-6xl gap-10 px-8 py-8">
      <nav className="w-52 shrink-0" aria-label="Node types">
        <Link href="/help/nodes" className={`mb-4 block text-sm font-semibold ${current === null ? 'text-indigo-700' : 'text-slate-900 hover:text-indigo-700'}`}>
          Node types
        </Link>
        {CATEGORIES.map((c) => {
          const types = NODE_TYPES.filter((t) => t.category === c);
          if (!types.length) return null;
          return (
            <section key={c} className="mb-4">
              <h2 className="mb-1 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{c}</h2>
              <ul className="space-y-px">
                {types.map((t) => (
                  <li key={t.type}>
                    <Link
                      href={`/help/nodes/${t.type}`}
                      aria-current={current === t.type ? 'page' : undefined}
                      className={`flex items-center gap-2 rounded-md px-2 py-1 text-[13px] ${current === t.type ? 'bg-white font-medium text-slate-900 shadow-xs ring-1 ring-slate-200' : 'text-slate-600 hover:bg-white/70 hover:text-slate-900'}`}
                    >
                      <NodeIcon name={t.icon} className="h-4 w-4 shrink-0" style={{ color: t.accent }} />
                      {t.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </nav>
      <article className="min-w-0 flex-1 rounded-xl border border-slate-200 bg-white px-10 py-8 shadow-xs" data-testid="help-page">
        <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight text-slate-900">
          {accent && <span className="h-6 w-1.5 rounded-full" style={{ background: accent }} aria-hidden />}
          {title}
        </h1>
        <div className="help-prose mt-6" dangerouslySetInnerHTML={{ __html: html }} />
      </article>
    </div>
  );
}
