'use client';
/**
 * Small parts of the decision table editor (`decision-table-editor.tsx`): a cell's
 * input, the tiny icon buttons, and a rule's actions (inline, or a menu in the side
 * panel). Edits go through `lib/designer/decision-table.ts`.
 */
import type { ReactNode } from 'react';
import { Menu, MenuItem } from '@/components/ui/menu';
import * as T from '@/lib/designer/decision-table';
import { IconButton } from '../ui';
import { UiIcon } from '../ui-icons';

export const CELL_INPUT =
  'block w-full min-w-0 rounded-[5px] bg-transparent px-2 py-1.5 font-mono text-[12px] text-slate-800 placeholder:text-slate-300 transition-shadow hover:bg-slate-50 focus:bg-white focus:ring-2 focus:ring-indigo-500/40 focus:outline-none';
export const INVALID = 'bg-red-50! text-red-700 ring-1 ring-red-300 ring-inset';

export function Mini({ label, disabled, onClick, danger, children, testId }: { label: string; disabled?: boolean; onClick: () => void; danger?: boolean; children: ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      disabled={disabled}
      data-testid={testId}
      onClick={onClick}
      className={`inline-flex h-5 w-5 items-center justify-center rounded text-slate-500 hover:bg-white hover:text-slate-800 disabled:pointer-events-none disabled:opacity-30 ${danger ? 'hover:text-red-600!' : ''}`}
    >
      {children}
    </button>
  );
}

export function Cell({ row, col, value, placeholder, invalid, onChange, testId, label }: { row: number; col: string; value: string; placeholder: string; invalid?: string; onChange: (v: string) => void; testId: string; label: string }) {
  return (
    <input
      data-row={row}
      data-col={col}
      className={`${CELL_INPUT} ${invalid ? INVALID : ''}`}
      value={value}
      placeholder={placeholder}
      spellCheck={false}
      aria-label={label}
      aria-invalid={!!invalid || undefined}
      title={invalid}
      data-testid={testId}
      data-invalid={invalid ? 'true' : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A rule's actions: inline buttons in the wide view, a menu in the side panel. */
export function RuleActions({ table, i, set, compact }: { table: T.TableValue; i: number; set: (t: T.TableValue) => void; compact?: boolean }) {
  const last = table.rules.length - 1;
  const items: { label: string; icon: 'up' | 'down' | 'copy' | 'plus' | 'trash'; disabled?: boolean; danger?: boolean; run: () => void; testId: string }[] = [
    { label: 'Move up', icon: 'up', disabled: i === 0, run: () => set(T.moveRule(table, i, i - 1)), testId: `dt-rule-${i}-up` },
    { label: 'Move down', icon: 'down', disabled: i === last, run: () => set(T.moveRule(table, i, i + 1)), testId: `dt-rule-${i}-down` },
    { label: 'Duplicate', icon: 'copy', run: () => set(T.duplicateRule(table, i)), testId: `dt-rule-${i}-duplicate` },
    { label: 'Insert rule below', icon: 'plus', run: () => set(T.addRule(table, i + 1)), testId: `dt-rule-${i}-insert` },
    { label: 'Remove', icon: 'trash', danger: true, run: () => set(T.removeRule(table, i)), testId: `dt-rule-${i}-remove` },
  ];
  if (!compact) {
    return (
      <div className="flex items-center justify-end">
        {items
          .filter((it) => it.icon !== 'plus')
          .map((it) => (
            <IconButton key={it.icon} label={`${it.label} (rule ${i + 1})`} data-testid={it.testId} className={`h-6! w-6! ${it.danger ? 'hover:bg-red-50! hover:text-red-600!' : ''}`} disabled={it.disabled} onClick={it.run}>
              <UiIcon name={it.icon} className="h-3 w-3" />
            </IconButton>
          ))}
      </div>
    );
  }
  return <RuleMenu i={i} items={items} />;
}

/** A small dropdown menu opened from the row's "more" button (portalled, so the table's scroll box does not clip it). */
function RuleMenu({ i, items }: { i: number; items: { label: string; icon: 'up' | 'down' | 'copy' | 'plus' | 'trash'; disabled?: boolean; danger?: boolean; run: () => void; testId: string }[] }) {
  return (
    <Menu
      width="w-44"
      trigger={
        <button
          type="button"
          aria-label={`Rule ${i + 1} actions`}
          data-testid={`dt-rule-${i}-menu`}
          className="mx-auto flex h-6 w-6 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-800 data-[state=open]:bg-slate-100 data-[state=open]:text-slate-800"
        >
          <UiIcon name="more" className="h-3.5 w-3.5" />
        </button>
      }
    >
      {items.map((it) => (
        <MenuItem key={it.icon} onSelect={it.run} disabled={it.disabled} danger={it.danger} testId={it.testId} icon={<UiIcon name={it.icon} className="h-3.5 w-3.5" />}>
          {it.label}
        </MenuItem>
      ))}
    </Menu>
  );
}
