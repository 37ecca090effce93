/**
 * Sticky notes in the designer: pure edits of a document's `notes` and the mapping
 * between them and React Flow nodes (type `note`). Notes are kept apart from the
 * workflow's nodes everywhere (store, validator, engine); only the canvas draws both.
 * Every edit returns a new document; a document whose last note is removed has no
 * `notes` key at all, as before notes existed.
 */
import { NOTE_LIMITS, type NoteColor, type StickyNote, type WorkflowDocument } from '@/lib/workflow/document';
import { FLOW_NOTE_TYPE, type NoteFlowNode, type NoteNodeData } from './types';

type XY = { x: number; y: number };

/** The notes of a document (none when it has no `notes`). */
export const notesOf = (doc: Pick<WorkflowDocument, 'notes'>): StickyNote[] => doc.notes ?? [];

/** A note id not used yet: `note-1`, `note-2`, … (a hyphen never occurs in node ids, so it cannot clash with one). */
export function nextNoteId(taken: readonly string[]): string {
  const used = new Set(taken);
  for (let i = 1; ; i++) if (!used.has(`note-${i}`)) return `note-${i}`;
}

function withNotes(doc: WorkflowDocument, notes: StickyNote[]): WorkflowDocument {
  if (notes.length > 0) return { ...doc, notes };
  const { notes: _gone, ...rest } = doc;
  return rest;
}

/**
 * Adds a note with its top-left corner at `at` (rounded).
 * @throws RangeError when the document already has {@link NOTE_LIMITS.notes} notes.
 */
export function addNote(doc: WorkflowDocument, at: XY, init: { text?: string; color?: NoteColor } = {}): { doc: WorkflowDocument; note: StickyNote } {
  const notes = notesOf(doc);
  if (notes.length >= NOTE_LIMITS.notes) throw new RangeError(`A workflow holds at most ${NOTE_LIMITS.notes} notes`);
  const note: StickyNote = {
    id: nextNoteId(notes.map((n) => n.id)),
    text: init.text ?? '',
    color: init.color ?? 'yellow',
    position: { x: Math.round(at.x), y: Math.round(at.y) },
    width: NOTE_LIMITS.width,
    height: NOTE_LIMITS.height,
  };
  return { doc: withNotes(doc, [...notes, note]), note };
}

/** Changes a note's text and/or colour (text cut to {@link NOTE_LIMITS.textChars}); `doc` itself when nothing changes. */
export function updateNote(doc: WorkflowDocument, id: string, patch: { text?: string; color?: NoteColor }): WorkflowDocument {
  let changed = false;
  const notes = notesOf(doc).map((n) => {
    if (n.id !== id) return n;
    const text = patch.text === undefined ? n.text : patch.text.slice(0, NOTE_LIMITS.textChars);
    const color = patch.color ?? n.color;
    if (text === n.text && color === n.color) return n;
    changed = true;
    return { ...n, text, color };
  });
  return changed ? withNotes(doc, notes) : doc;
}

/** Removes notes by id; `doc` itself when none of them exists. */
export function removeNotes(doc: WorkflowDocument, ids: readonly string[]): WorkflowDocument {
  if (ids.length === 0 || !doc.notes) return doc;
  const gone = new Set(ids);
  const notes = doc.notes.filter((n) => !gone.has(n.id));
  return notes.length === doc.notes.length ? doc : withNotes(doc, notes);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/**
 * The document with the notes' positions and sizes taken from the canvas (rounded,
 * sizes clamped to the limits), or `doc` itself when none changed.
 */
export function commitNotes(doc: WorkflowDocument, flow: readonly Pick<NoteFlowNode, 'id' | 'position' | 'width' | 'height'>[]): WorkflowDocument {
  if (!doc.notes) return doc;
  const byId = new Map(flow.map((n) => [n.id, n]));
  let changed = false;
  const notes = doc.notes.map((n) => {
    const f = byId.get(n.id);
    if (!f) return n;
    const x = Math.round(f.position.x);
    const y = Math.round(f.position.y);
    const width = f.width === undefined ? n.width : clamp(f.width, NOTE_LIMITS.minWidth, NOTE_LIMITS.maxWidth);
    const height = f.height === undefined ? n.height : clamp(f.height, NOTE_LIMITS.minHeight, NOTE_LIMITS.maxHeight);
    if (x === n.position.x && y === n.position.y && width === n.width && height === n.height) return n;
    changed = true;
    return { ...n, position: { x, y }, width, height };
  });
  return changed ? { ...doc, notes } : doc;
}

/** The canvas node of a note; `extra` adds data such as `{ readOnly: true }`. */
export function toFlowNote(note: StickyNote, extra?: Partial<NoteNodeData>): NoteFlowNode {
  return {
    id: note.id,
    type: FLOW_NOTE_TYPE,
    position: { x: note.position.x, y: note.position.y },
    width: note.width,
    height: note.height,
    // Behind the workflow's nodes, and not raised when selected (a note never covers a node).
    zIndex: -1,
    data: { text: note.text, color: note.color, ...extra },
  };
}

/** Canvas nodes of a document's notes. */
export function toFlowNotes(doc: Pick<WorkflowDocument, 'notes'>, extra?: Partial<NoteNodeData>): NoteFlowNode[] {
  return notesOf(doc).map((n) => toFlowNote(n, extra));
}

/**
 * Canvas notes for `doc`, reusing `prev` objects that did not change and keeping their
 * selection. With `fromDoc` (undo/redo) positions and sizes come from the document,
 * else an existing note keeps the canvas' own (a drag in progress). Returns `prev`
 * itself when nothing changed.
 */
export function syncFlowNotes(prev: readonly NoteFlowNode[], doc: Pick<WorkflowDocument, 'notes'>, fromDoc = false): NoteFlowNode[] {
  const byId = new Map(prev.map((n) => [n.id, n]));
  const next = notesOf(doc).map((note): NoteFlowNode => {
    const old = byId.get(note.id);
    if (!old) return toFlowNote(note);
    const sameData = old.data.text === note.text && old.data.color === note.color;
    const samePlace = !fromDoc || (old.position.x === note.position.x && old.position.y === note.position.y && old.width === note.width && old.height === note.height);
    if (sameData && samePlace) return old;
    const fresh = toFlowNote(note);
    return fromDoc ? { ...fresh, selected: old.selected } : { ...old, data: fresh.data };
  });
  return next.length === prev.length && next.every((n, i) => n === prev[i]) ? (prev as NoteFlowNode[]) : next;
}
