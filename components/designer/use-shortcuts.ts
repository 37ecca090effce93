'use client';
/**
 * The designer's keyboard shortcuts (listed in `shortcuts-sheet.tsx`). None fires
 * while the user types: in an input, textarea, select, a CodeMirror editor or any
 * contenteditable, and none inside an open dialog or menu.
 *
 * Copy, cut and paste ride on the browser's copy/cut/paste events (which may write and
 * read the system clipboard without a permission prompt); if the browser sends no
 * such event for a keypress, the Clipboard API (or the copy kept in this browser) is
 * used instead.
 */
import { useEffect, useRef } from 'react';
import { parseClipboard } from '@/lib/designer/clipboard';
import { designerStore, GRID } from '@/lib/designer/store';
import { mirror, readMirror, selectionText } from './clipboard-io';
import type { CanvasCommands } from './use-canvas-commands';
import { toast } from './toast';

/** True when keys go to something the user types in, or to a dialog or menu. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .cm-editor, [role="dialog"], [role="menu"], [role="listbox"]');
}

/** The user has selected page text (then copy copies that text, not nodes). */
function hasTextSelection(): boolean {
  const sel = typeof window !== 'undefined' ? window.getSelection() : null;
  return !!sel && !sel.isCollapsed && sel.toString().trim() !== '';
}

/** The id of the canvas node (workflow node or note) that has the keyboard focus, if any. */
function focusedNodeId(target: EventTarget | null): string | null {
  const el = (target as HTMLElement | null)?.closest?.('.react-flow__node[data-id]');
  return el?.getAttribute('data-id') ?? null;
}

/** Opens the side panel of `id` and moves the focus to its first field (Enter on a focused node). */
function openConfig(id: string) {
  designerStore.getState().selectNode(id);
  // The panel renders the node's form on the next frame.
  requestAnimationFrame(() => {
    const panel = document.querySelector('[data-testid="side-panel"]');
    const field = panel?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea, select, [contenteditable="true"]');
    field?.focus();
  });
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * Registers the designer's keys. `opts.onConnect(nodeId)` opens the "connect to" picker
 * for a node (`C` on the selected or focused node).
 */
export function useShortcuts(commands: CanvasCommands, opts: { canEdit: boolean; onHelp: () => void; onConnect?: (nodeId: string) => void }) {
  const ref = useRef({ commands, ...opts });
  ref.current = { commands, ...opts };

  useEffect(() => {
    /** Set by a Ctrl/Cmd+C/X/V keypress; cleared by the clipboard event that follows it. */
    let pending: 'copy' | 'cut' | 'paste' | null = null;
    const hasNodes = () => designerStore.getState().nodes.some((n) => n.selected);

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || isTypingTarget(e.target)) return;
      const { commands: c, canEdit, onHelp } = ref.current;
      const mod = e.metaKey || e.ctrlKey;
      const key = e.key.toLowerCase();
      if (mod && !e.altKey) {
        if (key === 'z' && canEdit) {
          e.preventDefault();
          if (e.shiftKey) c.redo();
          else c.undo();
        } else if (key === 'y' && e.ctrlKey && canEdit) {
          e.preventDefault();
          c.redo();
        } else if (key === 'a') {
          e.preventDefault();
          c.selectAll();
        } else if (key === 'd' && canEdit) {
          e.preventDefault();
          c.duplicate();
        } else if ((key === 'c' || key === 'x' || key === 'v') && !hasTextSelection()) {
          if (key !== 'c' && !canEdit) return;
          const kind = key === 'c' ? 'copy' : key === 'x' ? 'cut' : 'paste';
          if (kind !== 'paste' && !hasNodes()) return;
          pending = kind;
          // Without a clipboard event (some browsers send none outside text fields), fall back to the Clipboard API.
          setTimeout(() => {
            if (pending !== kind) return;
            pending = null;
            if (kind === 'copy') void c.copy();
            else if (kind === 'cut') void c.cut();
            else void c.pasteFromClipboard();
          }, 50);
        }
        return;
      }
      if (e.altKey) return;
      const focused = focusedNodeId(e.target);
      const isWorkflowNode = (id: string | null) => !!id && designerStore.getState().nodes.some((n) => n.id === id);
      if (e.key === 'Enter' && isWorkflowNode(focused)) {
        e.preventDefault();
        openConfig(focused!);
      } else if ((e.key === 'c' || e.key === 'C') && !e.shiftKey && canEdit && ref.current.onConnect) {
        const s = designerStore.getState();
        const id = isWorkflowNode(focused) ? focused : s.selectedNodeId;
        if (!id) return;
        e.preventDefault();
        ref.current.onConnect(id);
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && canEdit) {
        const s = designerStore.getState();
        if (s.selectionCount + s.selectedNoteCount === 0) return;
        e.preventDefault();
        c.deleteSelection();
      } else if (e.key === 'Escape') {
        const s = designerStore.getState();
        if (s.selectionCount + s.selectedNoteCount > 0) c.clearSelection();
      } else if (e.key === '?') {
        e.preventDefault();
        onHelp();
      } else if (ARROWS[e.key] && canEdit && (focused || hasNodes())) {
        // React Flow moves a focused, selected node itself (and prevents the default): this covers a selection made
        // with the mouse, and a node reached with Tab but not selected yet (it becomes the selection).
        e.preventDefault();
        const s = designerStore.getState();
        if (focused && isWorkflowNode(focused) && !s.nodes.find((n) => n.id === focused)?.selected) s.selectNode(focused);
        const [dx, dy] = ARROWS[e.key]!;
        const step = e.shiftKey ? GRID * 4 : GRID;
        c.nudge(dx * step, dy * step);
      }
    };

    // Let the browser run copy/cut/paste outside text fields, so the events below fire.
    const onBefore = (e: Event) => {
      if (!isTypingTarget(e.target) && !hasTextSelection() && (e.type === 'beforepaste' || hasNodes())) e.preventDefault();
    };

    const onCopyCut = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target) || hasTextSelection()) return;
      const text = selectionText(designerStore.getState());
      if (!text) return;
      const cut = e.type === 'cut';
      if (cut && !ref.current.canEdit) return;
      pending = null;
      e.preventDefault();
      e.clipboardData?.setData('text/plain', text);
      mirror(text);
      if (cut) designerStore.getState().deleteSelection();
    };

    const onPaste = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target) || !ref.current.canEdit) return;
      pending = null;
      e.preventDefault();
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const r = text ? parseClipboard(text) : null;
      if (r?.ok) return ref.current.commands.paste(r.fragment);
      const kept = text ? null : readMirror();
      if (kept) return ref.current.commands.paste(kept);
      toast.error('Nothing to paste', r && !r.ok ? r.error : 'Copy nodes first (Ctrl+C).');
    };

    // Keys on the window; clipboard events on the document (they carry the system clipboard).
    const listeners: [EventTarget, string, (e: never) => void][] = [
      [window, 'keydown', onKeyDown],
      ...(['beforecopy', 'beforecut', 'beforepaste'] as const).map((type): [EventTarget, string, (e: never) => void] => [document, type, onBefore]),
      [document, 'copy', onCopyCut],
      [document, 'cut', onCopyCut],
      [document, 'paste', onPaste],
    ];
    for (const [target, type, fn] of listeners) target.addEventListener(type, fn as EventListener);
    return () => {
      for (const [target, type, fn] of listeners) target.removeEventListener(type, fn as EventListener);
    };
  }, []);
}
