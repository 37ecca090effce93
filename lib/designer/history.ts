/**
 * The designer's undo history (zundo over the designer store): what is recorded and
 * how typing coalesces. Only the document is recorded (`{ doc }`); selection, the
 * dirty flag, problems and the canvas' transient drag positions are not, so
 * selecting or hovering never adds an undo step.
 *
 * Coalescing: each edit may carry a key naming what it changed (`config:<node>:<field
 * path>`, `label:<node>`, `name`, `nudge`). An edit with the same key as the edit
 * just before it is merged into that step, so typing "hello" in one field is one
 * undo step. Any other edit, an undo/redo, a selection change or a load ends the run.
 */

/** Undo steps kept per open workflow (the oldest is dropped beyond this). */
export const HISTORY_LIMIT = 200;

/**
 * The path of the one leaf that differs between two config values (`url`,
 * `headers.0.value`), or null when none or several differ, or the shape changed (an
 * list item added or removed) — those edits are never merged with the next. A key
 * that appears or disappears counts as that leaf changing.
 */
export function changedLeaf(before: unknown, after: unknown, prefix = ''): string | null {
  if (Object.is(before, after)) return null;
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';
  if (!isObj(before) || !isObj(after) || Array.isArray(before) !== Array.isArray(after)) return prefix || null;
  if (Array.isArray(before) && before.length !== (after as unknown as unknown[]).length) return null;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  let found: string | null = null;
  for (const k of keys) {
    if (Object.is(before[k], after[k])) continue;
    if (found !== null) return null;
    const sub = changedLeaf(before[k], after[k], prefix ? `${prefix}.${k}` : k);
    if (sub === null) return null;
    found = sub;
  }
  return found;
}

/** Whether two JSON values are equal in content. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The coalescing key of a config edit of node `nodeId`, or undefined when it must stand alone. */
export function configEditKey(nodeId: string, before: unknown, after: unknown): string | undefined {
  const leaf = changedLeaf(before, after);
  return leaf === null ? undefined : `config:${nodeId}:${leaf}`;
}
