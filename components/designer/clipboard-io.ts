'use client';
/**
 * Putting designer fragments on the clipboard and reading them back. Keyboard copy,
 * cut and paste use the browser's copy/cut/paste events (no permission prompt);
 * menu commands use the asynchronous Clipboard API. Every copy is also kept in
 * localStorage, which a paste falls back to when the Clipboard API is refused or
 * missing (so copy and paste between tabs of one browser always work).
 */
import { buildFragment, parseClipboard, serializeFragment, type Fragment, type ParsedClipboard } from '@/lib/designer/clipboard';
import type { DesignerState } from '@/lib/designer/store';

const MIRROR_KEY = 'baton.designer.clipboard';

/** The clipboard text of the selected nodes (and the edges between them), or null when no node is selected. */
export function selectionText(s: DesignerState): string | null {
  const ids = s.nodes.filter((n) => n.selected).map((n) => n.id);
  const f = ids.length ? buildFragment(s.document(), ids) : null;
  return f ? serializeFragment(f) : null;
}

/** Keeps a copy of the last copied fragment for tabs of this browser. */
export function mirror(text: string): void {
  try {
    localStorage.setItem(MIRROR_KEY, text);
  } catch {
    // Storage full or disabled: the system clipboard still has it.
  }
}

/** Writes clipboard text with the Clipboard API (menu commands), mirroring it. */
export async function writeClipboard(text: string): Promise<void> {
  mirror(text);
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Not allowed here: paste falls back to the mirror.
  }
}

/** Reads a fragment with the Clipboard API (menu paste), else from the mirror. */
export async function readClipboard(): Promise<ParsedClipboard> {
  let text = '';
  try {
    text = await navigator.clipboard.readText();
  } catch {
    text = '';
  }
  const parsed = text ? parseClipboard(text) : null;
  if (parsed?.ok) return parsed;
  const kept = readMirror();
  if (kept) return { ok: true, fragment: kept };
  return parsed ?? { ok: false, error: 'Nothing to paste: copy nodes first (Ctrl+C).' };
}

/** The last fragment copied in this browser, or null. */
export function readMirror(): Fragment | null {
  try {
    const text = localStorage.getItem(MIRROR_KEY);
    const r = text ? parseClipboard(text) : null;
    return r?.ok ? r.fragment : null;
  } catch {
    return null;
  }
}
