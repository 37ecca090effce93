'use client';
/**
 * A searchable list that pops up at a point of the canvas: which node type to add
 * (a connection dropped on empty canvas, the "+" on an edge) or which node to connect
 * to (the keyboard's connect command). Built on Radix Popover (focus, Escape, click
 * outside, aria); the search box keeps the focus while the arrow keys move through
 * the list, Enter picks, Escape closes. Matching is `lib/designer/node-search.ts`.
 */
import * as Popover from '@radix-ui/react-popover';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { NodeIcon } from '@/components/nodes/icons';
import { NODE_TYPES } from '@/lib/nodes/registry';
import { searchItems, type Searchable } from '@/lib/designer/node-search';
import { UiIcon } from './ui-icons';

/** One choice of the picker. */
export interface PickerItem extends Searchable {
  /** Node icon key and accent colour (of the node type). */
  icon: string;
  accent: string;
  /** Second line (a type's description, a node's type and id). */
  hint?: string;
}

/** The node types as picker items, optionally only those `fits` accepts. */
export function nodeTypeItems(fits?: (type: string) => boolean): PickerItem[] {
  return NODE_TYPES.filter((t) => !fits || fits(t.type)).map((t) => ({
    id: t.type,
    label: t.label,
    keywords: t.keywords,
    description: t.description,
    hint: t.description,
    icon: t.icon,
    accent: t.accent,
  }));
}

interface Props {
  /** Screen point (client px) the picker opens at; null when closed. */
  at: { x: number; y: number } | null;
  title: string;
  placeholder?: string;
  items: readonly PickerItem[];
  onPick: (item: PickerItem) => void;
  onClose: () => void;
  testId?: string;
}

export function NodePicker({ at, title, placeholder = 'Search', items, onPick, onClose, testId = 'node-picker' }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const list = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => searchItems(items, query), [items, query]);

  useEffect(() => {
    if (at) {
      setQuery('');
      setActive(0);
    }
  }, [at]);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (shown.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + shown.length) % shown.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = shown[active];
      if (item) onPick(item);
    }
  };

  return (
    <Popover.Root open={!!at} onOpenChange={(open) => !open && onClose()}>
      <Popover.Anchor asChild>
        <div aria-hidden className="pointer-events-none fixed h-px w-px" style={{ left: at?.x ?? 0, top: at?.y ?? 0 }} />
      </Popover.Anchor>
      <Popover.Portal>
        <Popover.Content
          side="bottom"
          align="start"
          sideOffset={6}
          collisionPadding={12}
          data-testid={testId}
          aria-label={title}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            (e.currentTarget as HTMLElement).querySelector('input')?.focus();
          }}
          className="z-50 flex max-h-[min(420px,var(--radix-popover-content-available-height))] w-80 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-[0_10px_38px_-10px_rgb(15_23_42/0.35),0_10px_20px_-15px_rgb(15_23_42/0.2)]"
        >
          <div className="border-b border-slate-100 p-2">
            <p className="px-1 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">{title}</p>
            <div className="relative">
              <UiIcon name="search" className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-400" />
              <input
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={onKeyDown}
                placeholder={placeholder}
                aria-label={placeholder}
                role="combobox"
                aria-expanded
                aria-controls={listId}
                aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
                data-testid={`${testId}-search`}
                className="h-8 w-full rounded-md border border-slate-200 bg-slate-50 pr-2 pl-8 text-[13px] placeholder:text-slate-400 focus:border-indigo-500 focus:bg-white focus:ring-2 focus:ring-indigo-500/20 focus:outline-none"
              />
            </div>
          </div>
          <ul ref={list} id={listId} role="listbox" aria-label={title} className="min-h-0 flex-1 overflow-y-auto p-1">
            {shown.map((item, i) => (
              <li
                key={item.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                data-index={i}
                data-testid={`${testId}-item-${item.id}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => onPick(item)}
                className={`flex cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 ${i === active ? 'bg-indigo-50' : ''}`}
              >
                <span
                  className="flex h-7 w-7 shrink-0 items-center justify-center rounded-md ring-1 ring-black/5 ring-inset"
                  style={{ background: `color-mix(in srgb, ${item.accent} 13%, white)`, color: item.accent }}
                >
                  <NodeIcon name={item.icon} className="h-4 w-4" />
                </span>
                <span className="min-w-0 flex-1">
                  <span className={`block truncate text-[13px] font-medium ${i === active ? 'text-indigo-900' : 'text-slate-800'}`}>{item.label}</span>
                  {item.hint && <span className="block truncate text-[11.5px] text-slate-500">{item.hint}</span>}
                </span>
              </li>
            ))}
            {shown.length === 0 && <li className="px-2 py-3 text-[13px] text-slate-500">Nothing matches “{query}”.</li>}
          </ul>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
