'use client';
/**
 * The canvas' right-click menu (Radix context menu: keyboard navigation, focus, aria).
 * What it offers depends on what was right-clicked: nodes (copy, cut, duplicate,
 * delete), a connection (delete) or the empty canvas (paste, select all, tidy up,
 * undo/redo, shortcuts). Items that cannot apply now are disabled, not hidden.
 */
import * as Menu from '@radix-ui/react-context-menu';
import type { ReactNode } from 'react';
import { plural } from '@/lib/designer/format';
import { useDesigner, useHistory } from '@/lib/designer/store';
import { Keys } from './shortcut-keys';
import { UiIcon, type UiIconName } from './ui-icons';
import type { CanvasCommands } from './use-canvas-commands';

/** What the menu was opened on; `at` is the click point in flow coordinates (where a paste lands). */
export type MenuTarget = { kind: 'node' | 'note' | 'edge' | 'pane'; at?: { x: number; y: number } };

interface Props {
  target: MenuTarget;
  commands: CanvasCommands;
  canEdit: boolean;
  onTidyUp: () => void;
  onHelp: () => void;
  /** Adds a sticky note at `at` (flow coordinates). */
  onAddNote: (at?: { x: number; y: number }) => void;
  children: ReactNode;
}

function Item({ icon, label, keys, onSelect, disabled, danger, testId }: { icon: UiIconName; label: string; keys?: string[]; onSelect: () => void; disabled?: boolean; danger?: boolean; testId: string }) {
  return (
    <Menu.Item
      onSelect={onSelect}
      disabled={disabled}
      data-testid={testId}
      className={`group flex h-8 cursor-default items-center gap-2.5 rounded-md px-2 text-[13px] outline-none select-none data-disabled:pointer-events-none data-disabled:opacity-40 ${
        danger ? 'text-red-600 data-highlighted:bg-red-50' : 'text-slate-700 data-highlighted:bg-slate-100 data-highlighted:text-slate-900'
      }`}
    >
      <UiIcon name={icon} className={`h-4 w-4 shrink-0 ${danger ? 'text-red-500' : 'text-slate-500 group-data-highlighted:text-slate-600'}`} />
      <span className="flex-1">{label}</span>
      {keys && <Keys keys={keys} className="opacity-80" />}
    </Menu.Item>
  );
}

const Separator = () => <Menu.Separator className="mx-1 my-1 h-px bg-slate-100" />;

export function CanvasMenu({ target, commands: c, canEdit, onTidyUp, onHelp, onAddNote, children }: Props) {
  const nodeCount = useDesigner((s) => s.nodes.length);
  const selectedNodes = useDesigner((s) => s.selectedNodeCount);
  const { canUndo, canRedo } = useHistory();
  const label = (verb: string) => (selectedNodes > 1 ? `${verb} ${plural(selectedNodes, 'node')}` : verb);

  let items: ReactNode;
  if (target.kind === 'node') {
    items = (
      <>
        <Menu.Label className="px-2 pt-1 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">{selectedNodes > 1 ? plural(selectedNodes, 'node') : 'Node'}</Menu.Label>
        <Item icon="copy" label={label('Copy')} keys={['mod', 'C']} onSelect={() => void c.copy()} testId="menu-copy" />
        <Item icon="scissors" label={label('Cut')} keys={['mod', 'X']} onSelect={() => void c.cut()} disabled={!canEdit} testId="menu-cut" />
        <Item icon="duplicate" label={label('Duplicate')} keys={['mod', 'D']} onSelect={c.duplicate} disabled={!canEdit} testId="menu-duplicate" />
        <Separator />
        <Item icon="trash" label={label('Delete')} keys={['Del']} onSelect={c.deleteSelection} disabled={!canEdit} danger testId="menu-delete" />
      </>
    );
  } else if (target.kind === 'note') {
    items = (
      <>
        <Menu.Label className="px-2 pt-1 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">Note</Menu.Label>
        <Item icon="trash" label="Delete note" keys={['Del']} onSelect={c.deleteSelection} disabled={!canEdit} danger testId="menu-delete-note" />
      </>
    );
  } else if (target.kind === 'edge') {
    items = (
      <>
        <Menu.Label className="px-2 pt-1 pb-1.5 text-[11px] font-semibold tracking-wider text-slate-500 uppercase">Connection</Menu.Label>
        <Item icon="trash" label="Delete connection" keys={['Del']} onSelect={c.deleteSelection} disabled={!canEdit} danger testId="menu-delete-edge" />
      </>
    );
  } else {
    items = (
      <>
        <Item icon="paste" label="Paste here" keys={['mod', 'V']} onSelect={() => void c.pasteFromClipboard(target.at)} disabled={!canEdit} testId="menu-paste" />
        <Item icon="pencil" label="Add note" onSelect={() => onAddNote(target.at)} disabled={!canEdit} testId="menu-add-note" />
        <Item icon="select" label="Select all" keys={['mod', 'A']} onSelect={c.selectAll} disabled={nodeCount === 0} testId="menu-select-all" />
        <Item icon="tidy" label="Tidy up" onSelect={onTidyUp} disabled={!canEdit || nodeCount < 2} testId="menu-tidy-up" />
        <Separator />
        <Item icon="undo" label="Undo" keys={['mod', 'Z']} onSelect={c.undo} disabled={!canEdit || !canUndo} testId="menu-undo" />
        <Item icon="redo" label="Redo" keys={['mod', 'shift', 'Z']} onSelect={c.redo} disabled={!canEdit || !canRedo} testId="menu-redo" />
        <Separator />
        <Item icon="keyboard" label="Keyboard shortcuts" keys={['?']} onSelect={onHelp} testId="menu-shortcuts" />
      </>
    );
  }

  return (
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>{children}</Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          data-testid="canvas-menu"
          collisionPadding={8}
          className="z-50 min-w-[232px] rounded-lg border border-slate-200 bg-white p-1 shadow-[0_10px_38px_-10px_rgb(15_23_42/0.35),0_10px_20px_-15px_rgb(15_23_42/0.2)]"
        >
          {items}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
