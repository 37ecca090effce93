'use client';
/** The node palette: every registered node type by category, searchable by label, keywords and description. Click adds at the viewport centre; drag drops where released. */
import { Tooltip } from '@/components/ui/tooltip';
import { useEffect, useMemo, useState } from 'react';
import { NODE_TYPES } from '@/lib/nodes/registry';
import { searchItems, searchNodeTypes } from '@/lib/designer/node-search';
import { StickyNote as StickyNoteIcon } from 'lucide-react';
import type { NodeCategory } from '@/lib/nodes/types';
import { NodeIcon } from '@/components/nodes/icons';
import { UiIcon } from './ui-icons';

/** dataTransfer type carrying the node type id. */
export const DND_NODE_TYPE = 'application/x-baton-node-type';

const ORDER: NodeCategory[] = ['Triggers', 'Actions', 'Flow', 'People'];

const COLLAPSED_KEY = 'baton.designer.paletteCollapsed';

/** The palette's sticky-note entry, found by these words too. */
const NOTE_ENTRY = { id: 'note', label: 'Sticky note', description: 'A Markdown note on the canvas for readers; never runs.', keywords: ['comment', 'annotation', 'text', 'markdown', 'documentation'] };

export function Palette({ onAdd, onAddNote }: { onAdd: (type: string) => void; /** Adds a sticky note at the centre (absent: read-only). */ onAddNote?: () => void }) {
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState(false);
  useEffect(() => setCollapsed(window.localStorage.getItem(COLLAPSED_KEY) === '1'), []);
  const toggle = () =>
    setCollapsed((c) => {
      window.localStorage.setItem(COLLAPSED_KEY, c ? '0' : '1');
      return !c;
    });
  const groups = useMemo(() => {
    const match = searchNodeTypes(NODE_TYPES, query);
    const cats = [...ORDER, ...new Set(match.map((t) => t.category).filter((c) => !ORDER.includes(c)))];
    return cats.map((c) => ({ category: c, types: match.filter((t) => t.category === c) })).filter((g) => g.types.length > 0);
  }, [query]);
  const noteShown = !!onAddNote && searchItems([NOTE_ENTRY], query).length > 0;

  if (collapsed) {
    return (
      <aside className="flex w-14 shrink-0 flex-col items-center border-r border-slate-200 bg-white" data-testid="palette" data-collapsed="true">
        <Tooltip content="Expand the node palette" side="right">
          <button type="button" onClick={toggle} aria-label="Expand the node palette" className="mt-3 mb-2 flex h-8 w-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-700">
          <UiIcon name="chevronRight" />
        </button>
        </Tooltip>
        <div className="flex min-h-0 flex-1 flex-col items-center gap-1 overflow-y-auto pb-3">
          {NODE_TYPES.map((t) => (
            <button
              key={t.type}
              type="button"
              draggable
              data-testid={`palette-item-${t.type}`}
              aria-label={`Add ${t.label}`}
              title={`${t.label}: ${t.description}`}
              onClick={() => onAdd(t.type)}
              onDragStart={(e) => {
                e.dataTransfer.setData(DND_NODE_TYPE, t.type);
                e.dataTransfer.effectAllowed = 'move';
              }}
              className="flex h-9 w-9 cursor-grab items-center justify-center rounded-lg ring-1 ring-black/5 ring-inset transition-transform hover:scale-105 active:cursor-grabbing"
              style={{ background: `color-mix(in srgb, ${t.accent} 13%, white)`, color: t.accent }}
            >
              <NodeIcon name={t.icon} className="h-[18px] w-[18px]" />
            </button>
          ))}
          {onAddNote && (
            <button
              type="button"
              data-testid="palette-add-note"
              aria-label="Add a sticky note"
              title="Sticky note: a Markdown note on the canvas"
              onClick={onAddNote}
              className="mt-1 flex h-9 w-9 items-center justify-center rounded-lg bg-amber-50 text-amber-600 ring-1 ring-black/5 ring-inset transition-transform hover:scale-105"
            >
              <StickyNoteIcon className="h-[18px] w-[18px]" aria-hidden />
            </button>
          )}
        </div>
      </aside>
    );
  }

  return (
    <aside className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white" data-testid="palette">
      <div className="flex items-center gap-1.5 border-b border-slate-100 p-3">
        <div className="relative min-w-0 flex-1">
          <UiIcon name="search" className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-500" />
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search nodes"
            aria-label="Search nodes"
            className="h-8 w-full rounded-md border border-slate-200 bg-slate-50 pr-2 pl-8 text-[13px] placeholder:text-slate-400 focus:border-indigo-500 focus:bg-white focus:ring-2 focus:ring-indigo-500/20 focus:outline-none"
          />
        </div>
        <Tooltip content="Collapse the node palette" side="right">
          <button type="button" onClick={toggle} aria-label="Collapse the node palette" className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-700">
          <UiIcon name="chevronLeft" />
        </button>
        </Tooltip>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 py-3">
        {groups.map((g) => (
          <section key={g.category} className="mb-4 last:mb-0">
            <h3 className="mb-1.5 px-2 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{g.category}</h3>
            <ul className="space-y-0.5">
              {g.types.map((t) => (
                <li key={t.type} className="group/item relative">
                  <button
                    type="button"
                    draggable
                    data-testid={`palette-item-${t.type}`}
                    title={`${t.description}\nClick to add, or drag onto the canvas`}
                    onClick={() => onAdd(t.type)}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DND_NODE_TYPE, t.type);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                    className="group flex w-full cursor-grab items-center gap-2.5 rounded-lg px-2 py-1.5 text-left transition-colors hover:bg-slate-50 active:cursor-grabbing"
                  >
                    <span
                      className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md ring-1 ring-inset ring-black/5 transition-transform group-hover:scale-105"
                      style={{ background: `color-mix(in srgb, ${t.accent} 13%, white)`, color: t.accent }}
                    >
                      <NodeIcon name={t.icon} className="h-[18px] w-[18px]" />
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="block text-[13px] font-medium text-slate-800">{t.label}</span>
                      <span className="mt-px block truncate text-[11.5px] leading-snug text-slate-500">{t.description}</span>
                    </span>
                  </button>
                  <a
                    href={`/help/nodes/${t.type}`}
                    target="_blank"
                    rel="noopener"
                    aria-label={`Help: ${t.label} (opens in a new tab)`}
                    title={`Help: ${t.label}`}
                    data-testid={`palette-help-${t.type}`}
                    className="absolute top-1/2 right-1.5 flex h-6 w-6 -translate-y-1/2 items-center justify-center rounded-md bg-white text-slate-500 opacity-0 shadow-xs ring-1 ring-slate-200 transition-opacity group-hover/item:opacity-100 hover:text-indigo-700 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    <UiIcon name="help" className="h-3.5 w-3.5" />
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {noteShown && (
          <section className="mb-4 last:mb-0">
            <h3 className="mb-1.5 px-2 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">Canvas</h3>
            <button
              type="button"
              data-testid="palette-add-note"
              title="Click to add a note at the centre"
              onClick={onAddNote}
              className="group flex w-full items-center gap-2.5 rounded-lg px-2 py-1.5 text-left transition-colors hover:bg-slate-50"
            >
              <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-md bg-amber-50 text-amber-600 ring-1 ring-black/5 ring-inset transition-transform group-hover:scale-105">
                <StickyNoteIcon className="h-[18px] w-[18px]" aria-hidden />
              </span>
              <span className="min-w-0 flex-1">
                <span className="block text-[13px] font-medium text-slate-800">{NOTE_ENTRY.label}</span>
                <span className="mt-px block truncate text-[11.5px] leading-snug text-slate-500">{NOTE_ENTRY.description}</span>
              </span>
            </button>
          </section>
        )}
        {groups.length === 0 && !noteShown && <p className="px-2 text-[13px] text-slate-500">No node type matches “{query}”.</p>}
      </div>
      <p className="border-t border-slate-100 px-4 py-2.5 text-[11.5px] leading-snug text-slate-500">Click to add at the centre, or drag onto the canvas.</p>
    </aside>
  );
}
