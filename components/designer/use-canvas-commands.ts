'use client';
/**
 * The editing commands of the canvas, shared by the keyboard shortcuts, the context
 * menu and the toolbar: undo/redo, copy/cut/paste/duplicate (see `clipboard-io.ts`),
 * delete, select all, nudge. Pasted nodes land beside the originals when those are in
 * view, else in the middle of the view (or where the menu was opened).
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useMemo, type RefObject } from 'react';
import { fragmentOrigin, type Fragment } from '@/lib/designer/clipboard';
import { plural } from '@/lib/designer/format';
import { designerStore } from '@/lib/designer/store';
import { NODE_HEIGHT, NODE_WIDTH } from '@/lib/layout/geometry';
import { readClipboard, selectionText, writeClipboard } from './clipboard-io';
import { keyLabel } from './shortcut-keys';
import { toast } from './toast';

type XY = { x: number; y: number };

export function useCanvasCommands(canvasBox: RefObject<HTMLDivElement | null>) {
  const { screenToFlowPosition } = useReactFlow();

  /** Where a fragment should land: undefined (beside its original place) when that is in view, else centred in the view. */
  const placement = useCallback(
    (f: Fragment): XY | undefined => {
      const r = canvasBox.current?.getBoundingClientRect();
      if (!r) return undefined;
      const a = screenToFlowPosition({ x: r.left, y: r.top });
      const b = screenToFlowPosition({ x: r.right, y: r.bottom });
      const o = fragmentOrigin(f.nodes);
      const w = Math.max(...f.nodes.map((n) => n.position.x)) - o.x + NODE_WIDTH;
      const h = Math.max(...f.nodes.map((n) => n.position.y)) - o.y + NODE_HEIGHT;
      const inView = o.x < b.x && o.x + w > a.x && o.y < b.y && o.y + h > a.y;
      if (inView) return undefined;
      return { x: (a.x + b.x) / 2 - w / 2, y: (a.y + b.y) / 2 - h / 2 };
    },
    [canvasBox, screenToFlowPosition],
  );

  const paste = useCallback(
    (f: Fragment, at?: XY) => {
      try {
        const ids = designerStore.getState().paste(f, at ?? placement(f));
        toast.info(`Pasted ${plural(ids.length, 'node')}`, `Press ${keyLabel('mod')}+Z to undo.`);
      } catch (err) {
        toast.error('Cannot paste', (err as Error).message);
      }
    },
    [placement],
  );

  return useMemo(() => {
    /** Copies the selected nodes with the Clipboard API (menu). Returns false when no node is selected. */
    const copy = async (): Promise<boolean> => {
      const text = selectionText(designerStore.getState());
      if (!text) return false;
      await writeClipboard(text);
      return true;
    };
    return {
      paste,
      copy,
      undo: () => designerStore.getState().undo(),
      redo: () => designerStore.getState().redo(),
      selectAll: () => designerStore.getState().selectAll(),
      clearSelection: () => designerStore.getState().selectNode(null),
      deleteSelection: () => designerStore.getState().deleteSelection(),
      nudge: (dx: number, dy: number) => designerStore.getState().nudge(dx, dy),
      async cut(): Promise<void> {
        if (await copy()) designerStore.getState().deleteSelection();
      },
      /** Pastes from the Clipboard API, else the copy kept in this browser (menu); `at` in flow coordinates. */
      async pasteFromClipboard(at?: XY): Promise<void> {
        const r = await readClipboard();
        if (r.ok) paste(r.fragment, at);
        else toast.error('Nothing to paste', r.error);
      },
      duplicate(): void {
        const text = selectionText(designerStore.getState());
        if (!text) return;
        const f = JSON.parse(text) as Fragment;
        try {
          designerStore.getState().paste(f);
        } catch (err) {
          toast.error('Cannot duplicate', (err as Error).message);
        }
      },
    };
  }, [paste]);
}

export type CanvasCommands = ReturnType<typeof useCanvasCommands>;
