'use client';
/** The keyboard help sheet (`?`): every designer shortcut, grouped. A Radix dialog (focus trap, Escape, aria). */
import * as Dialog from '@radix-ui/react-dialog';
import { Keys } from './shortcut-keys';
import { UiIcon } from './ui-icons';

/** Every shortcut the designer handles (see `use-shortcuts.ts`); `or` lists alternatives. */
export const SHORTCUT_GROUPS: { title: string; items: { label: string; keys: string[]; or?: string[] }[] }[] = [
  {
    title: 'Edit',
    items: [
      { label: 'Undo', keys: ['mod', 'Z'] },
      { label: 'Redo', keys: ['mod', 'shift', 'Z'], or: ['Ctrl', 'Y'] },
      { label: 'Copy', keys: ['mod', 'C'] },
      { label: 'Cut', keys: ['mod', 'X'] },
      { label: 'Paste', keys: ['mod', 'V'] },
      { label: 'Duplicate', keys: ['mod', 'D'] },
      { label: 'Delete', keys: ['Delete'], or: ['Backspace'] },
      { label: 'Save draft', keys: ['mod', 'S'] },
    ],
  },
  {
    title: 'Select and move',
    items: [
      { label: 'Select all nodes', keys: ['mod', 'A'] },
      { label: 'Add to selection', keys: ['shift', 'Click'] },
      { label: 'Select an area', keys: ['shift', 'Drag'] },
      { label: 'Clear selection', keys: ['Esc'] },
      { label: 'Nudge', keys: ['←', '↑', '→', '↓'] },
      { label: 'Nudge further', keys: ['shift', '←'] },
    ],
  },
  {
    title: 'Keyboard only',
    items: [
      { label: 'Go to the next node', keys: ['Tab'], or: ['shift', 'Tab'] },
      { label: 'Open the node’s settings', keys: ['Enter'] },
      { label: 'Move the focused node', keys: ['←', '↑', '→', '↓'] },
      { label: 'Connect to another node', keys: ['C'] },
    ],
  },
  {
    title: 'Canvas',
    items: [
      { label: 'Context menu', keys: ['Right-click'] },
      { label: 'Zoom', keys: ['mod', 'Scroll'] },
      { label: 'Pan', keys: ['Drag'], or: ['Scroll'] },
      { label: 'Keyboard shortcuts', keys: ['?'] },
    ],
  },
];

export function ShortcutsSheet({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40 backdrop-blur-[2px]" />
        <Dialog.Content
          data-testid="shortcuts-sheet"
          aria-describedby={undefined}
          className="fixed top-[10vh] left-1/2 z-50 w-[min(720px,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-xl bg-white shadow-2xl ring-1 ring-slate-900/10 focus:outline-none"
        >
          <div className="flex items-center gap-3 border-b border-slate-100 px-6 py-4">
            <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
              <UiIcon name="keyboard" className="h-4.5 w-4.5" />
            </span>
            <div className="min-w-0 flex-1">
              <Dialog.Title className="text-base font-semibold text-slate-900">Keyboard shortcuts</Dialog.Title>
              <p className="text-xs text-slate-500">Shortcuts work on the canvas; while you type in a field, keys go to the field.</p>
            </div>
            <Dialog.Close className="inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-500 transition-colors hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600" aria-label="Close">
              <UiIcon name="x" />
            </Dialog.Close>
          </div>
          <div className="grid grid-cols-1 gap-x-10 gap-y-6 px-6 py-5 sm:grid-cols-2">
            {SHORTCUT_GROUPS.map((g) => (
              <section key={g.title} className={g.title === 'Edit' ? 'sm:row-span-2' : ''}>
                <h3 className="mb-2 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{g.title}</h3>
                <dl className="divide-y divide-slate-100">
                  {g.items.map((it) => (
                    <div key={it.label} className="flex items-center justify-between gap-4 py-2">
                      <dt className="text-[13px] text-slate-700">{it.label}</dt>
                      <dd className="flex items-center gap-1.5">
                        <Keys keys={it.keys} />
                        {it.or && (
                          <>
                            <span className="text-[11px] text-slate-500">or</span>
                            <Keys keys={it.or} />
                          </>
                        )}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            ))}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
