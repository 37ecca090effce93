import { describe, expect, it } from 'vitest';
import { parseDocument, WorkflowDocumentSchema } from '@/lib/workflow/document';
import { validateWorkflow } from '@/lib/workflow/validate';
import { addNote, commitNotes, nextNoteId, removeNotes, updateNote } from './notes';
import { createDesignerStore } from './store';
import { approvalDoc } from './test-helpers';

describe('sticky notes in the document schema', () => {
  it('an old document without notes loads unchanged (no notes key added)', () => {
    const r = parseDocument({ schemaVersion: 1, name: 'old', nodes: [], edges: [] });
    expect(r.success).toBe(true);
    expect(r.success && 'notes' in r.data).toBe(false);
  });

  it('fills in colour and size, and keeps the text', () => {
    const r = parseDocument({ ...approvalDoc(), notes: [{ id: 'note-1', text: '# Why\nBecause.', position: { x: 1, y: 2 } }] });
    if (!r.success) throw new Error(JSON.stringify(r.error));
    expect(r.data.notes).toEqual([{ id: 'note-1', text: '# Why\nBecause.', color: 'yellow', position: { x: 1, y: 2 }, width: 260, height: 160 }]);
  });

  it.each([
    ['an unknown colour', { color: 'orange' }, ['notes', 0, 'color']],
    ['a note id used by a node', { id: 'review' }, ['notes', 0, 'id']],
    ['text over the limit', { text: 'x'.repeat(10_001) }, ['notes', 0, 'text']],
    ['a width under the minimum', { width: 10 }, ['notes', 0, 'width']],
  ])('refuses %s, naming the field', (_, patch, path) => {
    const r = WorkflowDocumentSchema.safeParse({ ...approvalDoc(), notes: [{ id: 'note-1', text: '', position: { x: 0, y: 0 }, ...patch }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toContainEqual(path);
  });

  it('is ignored by the validator (no unreachable or unconnected problem)', () => {
    const d = addNote(approvalDoc(), { x: 500, y: 0 }, { text: 'stray?' }).doc;
    expect(validateWorkflow(d)).toEqual([]);
  });
});

describe('note edits', () => {
  it('adds, edits, moves, resizes and removes; the last removal drops the key', () => {
    const { doc: d1, note } = addNote(approvalDoc(), { x: 10.4, y: 20.6 });
    expect(note).toMatchObject({ id: 'note-1', color: 'yellow', position: { x: 10, y: 21 } });
    const d2 = updateNote(d1, 'note-1', { text: 'hi', color: 'pink' });
    expect(d2.notes![0]).toMatchObject({ text: 'hi', color: 'pink' });
    expect(updateNote(d2, 'note-1', { text: 'hi' })).toBe(d2);
    const d3 = commitNotes(d2, [{ id: 'note-1', position: { x: 100, y: 50 }, width: 5000, height: 90.4 }]);
    expect(d3.notes![0]).toMatchObject({ position: { x: 100, y: 50 }, width: 2000, height: 90 });
    const d4 = removeNotes(d3, ['note-1']);
    expect('notes' in d4).toBe(false);
    expect(nextNoteId(['note-1', 'note-3'])).toBe('note-2');
  });

  it('store: adding and typing are undoable, typing coalesces into one step', () => {
    const store = createDesignerStore();
    store.getState().load('wf', approvalDoc(), 1);
    const id = store.getState().addNote({ x: 0, y: 0 });
    expect(store.getState().notes.map((n) => [n.id, n.selected])).toEqual([[id, true]]);
    expect(store.getState().selectedNoteCount).toBe(1);
    store.getState().updateNote(id, { text: 'a' });
    store.getState().updateNote(id, { text: 'ab' });
    store.getState().updateNote(id, { text: 'abc' });
    expect(store.getState().document().notes![0]!.text).toBe('abc');
    store.getState().undo();
    expect(store.getState().doc.notes![0]!.text).toBe('');
    store.getState().undo();
    expect(store.getState().doc.notes).toBeUndefined();
    expect(store.getState().notes).toEqual([]);
    store.getState().redo();
    expect(store.getState().notes.map((n) => n.id)).toEqual([id]);
  });

  it('store: a resize commits size and position once, when it ends', () => {
    const store = createDesignerStore();
    store.getState().load('wf', approvalDoc(), 1);
    const id = store.getState().addNote({ x: 0, y: 0 });
    const before = store.temporal.getState().pastStates.length;
    store.getState().onNodesChange([
      { id, type: 'position', position: { x: -20, y: 0 } },
      { id, type: 'dimensions', resizing: true, setAttributes: true, dimensions: { width: 300, height: 200 } },
    ]);
    expect(store.getState().doc.notes![0]!.width).toBe(260);
    store.getState().onNodesChange([{ id, type: 'dimensions', resizing: false, dimensions: { width: 300, height: 200 } }]);
    expect(store.getState().doc.notes![0]).toMatchObject({ position: { x: -20, y: 0 }, width: 300, height: 200 });
    expect(store.temporal.getState().pastStates.length).toBe(before + 1);
    expect(store.getState().problems).toEqual([]);
  });

  it('store: delete removes selected notes with the selection', () => {
    const store = createDesignerStore();
    store.getState().load('wf', approvalDoc(), 1);
    store.getState().addNote({ x: 0, y: 0 });
    store.getState().deleteSelection();
    expect(store.getState().doc.notes).toBeUndefined();
    expect(store.getState().nodes).toHaveLength(4);
  });
});
