'use client';
/**
 * A sticky note on the canvas: Markdown for the people reading the workflow, never
 * run. In the designer a selected note can be resized (React Flow's NodeResizer) and
 * recoloured (the toolbar above it); a double-click, the toolbar's Edit, or adding a new note opens
 * its text for editing, and Escape or a click elsewhere closes it. Every change goes
 * through the designer store, so it is undoable like any other edit (typing coalesces
 * into one step). In the run view (`data.readOnly`) it only shows the text.
 * The Markdown is rendered by `note-markdown.ts` (sanitized; no raw HTML), loaded with the
 * first note that has text; until it arrives the note shows its text as it is.
 */
import { NodeResizer, NodeToolbar, Position, type NodeProps } from '@xyflow/react';
import { Trash2 } from 'lucide-react';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { designerStore } from '@/lib/designer/store';
import type { NoteFlowNode } from '@/lib/designer/types';
import { NOTE_COLORS, NOTE_LIMITS, type NoteColor } from '@/lib/workflow/document';
import { nodeTypes } from '@/components/nodes';

type NoteHtml = typeof import('./note-markdown').noteHtml;
/** The Markdown renderer once loaded (shared by every note), and its loading. */
let renderer: NoteHtml | null = null;
let loading: Promise<NoteHtml> | null = null;
const loadRenderer = () => (loading ??= import('./note-markdown').then((m) => (renderer = m.noteHtml)));

/** Safe HTML of `text` (empty for blank text), or null while the renderer loads (the caller shows the plain text). */
function useNoteHtml(text: string): string | null {
  const blank = !text.trim();
  const [ready, setReady] = useState(renderer !== null);
  useEffect(() => {
    if (blank || ready) return;
    let live = true;
    void loadRenderer().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [blank, ready]);
  return useMemo(() => (blank ? '' : ready && renderer ? renderer(text) : null), [blank, ready, text]);
}

/** Card colours of each note colour (background, border, swatch). */
export const NOTE_LOOK: Record<NoteColor, { card: string; swatch: string; label: string }> = {
  yellow: { card: 'bg-amber-50 border-amber-200', swatch: '#fcd34d', label: 'Yellow' },
  blue: { card: 'bg-sky-50 border-sky-200', swatch: '#7dd3fc', label: 'Blue' },
  green: { card: 'bg-emerald-50 border-emerald-200', swatch: '#6ee7b7', label: 'Green' },
  pink: { card: 'bg-pink-50 border-pink-200', swatch: '#f9a8d4', label: 'Pink' },
  slate: { card: 'bg-slate-100 border-slate-300', swatch: '#cbd5e1', label: 'Slate' },
};

function StickyNoteComponent({ id, data, selected }: NodeProps<NoteFlowNode>) {
  const readOnly = !!data.readOnly;
  const [editing, setEditing] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const html = useNoteHtml(data.text);
  const look = NOTE_LOOK[data.color] ?? NOTE_LOOK.yellow;

  // A new, empty note opens for typing at once.
  useEffect(() => {
    if (!readOnly && selected && data.text === '') setEditing(true);
    // Only when the note first appears (selected right after "Add note").
  }, []);
  useEffect(() => {
    if (!selected) setEditing(false);
  }, [selected]);
  useEffect(() => {
    if (editing) area.current?.focus();
  }, [editing]);

  return (
    <div
      data-testid="sticky-note"
      data-note-id={id}
      data-color={data.color}
      className={`group relative flex h-full w-full flex-col rounded-lg border shadow-sm ${look.card} ${selected && !readOnly ? 'outline-2 outline-offset-2 outline-indigo-500' : ''}`}
      onDoubleClick={() => !readOnly && setEditing(true)}
    >
      {!readOnly && (
        <>
          <NodeResizer
            isVisible={selected}
            minWidth={NOTE_LIMITS.minWidth}
            minHeight={NOTE_LIMITS.minHeight}
            maxWidth={NOTE_LIMITS.maxWidth}
            maxHeight={NOTE_LIMITS.maxHeight}
            color="#6366f1"
            handleClassName="h-2.5! w-2.5! rounded-sm! border-white! bg-indigo-500!"
            lineClassName="border-transparent!"
          />
          <NodeToolbar isVisible={selected && !editing} position={Position.Top} offset={10}>
            <div className="flex items-center gap-1 rounded-lg border border-slate-200 bg-white p-1 shadow-md" data-testid="note-toolbar">
              {NOTE_COLORS.map((c) => (
                <button
                  key={c}
                  type="button"
                  aria-label={`${NOTE_LOOK[c].label} note`}
                  aria-pressed={c === data.color}
                  title={NOTE_LOOK[c].label}
                  data-testid={`note-color-${c}`}
                  onClick={() => designerStore.getState().updateNote(id, { color: c })}
                  className={`h-5 w-5 rounded-full border border-black/10 transition-transform hover:scale-110 ${c === data.color ? 'ring-2 ring-indigo-500 ring-offset-1' : ''}`}
                  style={{ background: NOTE_LOOK[c].swatch }}
                />
              ))}
              <span className="mx-0.5 h-4 w-px bg-slate-200" />
              <button
                type="button"
                aria-label="Edit the note"
                title="Edit (or double-click the note)"
                onClick={() => setEditing(true)}
                className="rounded px-1.5 py-0.5 text-[12px] font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
              >
                Edit
              </button>
              <button
                type="button"
                aria-label="Delete the note"
                title="Delete the note"
                data-testid="note-delete"
                onClick={() => designerStore.getState().deleteSelection()}
                className="flex h-6 w-6 items-center justify-center rounded text-slate-400 hover:bg-red-50 hover:text-red-600"
              >
                <Trash2 className="h-3.5 w-3.5" aria-hidden />
              </button>
            </div>
          </NodeToolbar>
        </>
      )}
      {editing ? (
        <textarea
          ref={area}
          value={data.text}
          maxLength={NOTE_LIMITS.textChars}
          onChange={(e) => designerStore.getState().updateNote(id, { text: e.target.value })}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setEditing(false);
              (e.currentTarget.closest('.react-flow__node') as HTMLElement | null)?.focus();
            }
          }}
          placeholder={'Write a note… Markdown works: **bold**, _italic_, - lists, [links](https://example.com)'}
          aria-label="Note text (Markdown)"
          data-testid="note-editor"
          className="nodrag nowheel nopan h-full w-full flex-1 resize-none rounded-lg bg-white/60 p-3 font-mono text-[12.5px] leading-snug text-slate-800 placeholder:text-slate-400 focus:outline-none"
        />
      ) : html === null ? (
        <p className="min-h-0 flex-1 overflow-hidden p-3 text-[13px] whitespace-pre-wrap text-slate-800" data-testid="note-body">
          {data.text}
        </p>
      ) : html ? (
        <div
          className={`note-prose min-h-0 flex-1 overflow-hidden p-3 ${selected ? 'nowheel overflow-y-auto' : ''}`}
          data-testid="note-body"
          // Sanitized by DOMPurify in noteHtml (no scripts, handlers, styles or images).
          dangerouslySetInnerHTML={{ __html: html }}
        />
      ) : (
        <p className="p-3 text-[13px] text-slate-400 italic" data-testid="note-body">
          {readOnly ? 'Empty note' : 'Double-click to write a note'}
        </p>
      )}
    </div>
  );
}

/** The canvas component of sticky notes (`note` nodes). */
export const StickyNote = memo(StickyNoteComponent);
StickyNote.displayName = 'StickyNote';

/** React Flow `nodeTypes` of a Baton canvas: workflow nodes and sticky notes (module-level constant; pass it as it is). */
export const canvasNodeTypes = { ...nodeTypes, note: StickyNote };
