/**
 * Readable, unique ids for new nodes and edges. Node ids name nodes in expressions
 * (`$steps.credit_check.output`), so they must satisfy `NodeIdSchema`: a letter or
 * `_`, then letters, digits and `_`, at most 64 characters. A new node's id comes
 * from its label (`Credit check` → `credit_check`, then `credit_check_2`, …).
 */

/** Longest base of a generated id, leaving room for a `_<n>` suffix within the 64-character limit. */
const MAX_BASE = 56;

/**
 * The identifier a label reads as: lower case, runs of other characters made `_`,
 * accents dropped (`Crédit check!` → `credit_check`); prefixed `n_` when it would
 * start with a digit; `node` when nothing is left.
 */
export function slugId(label: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_BASE)
    .replace(/_+$/, '');
  if (!base) return 'node';
  return /^[0-9]/.test(base) ? `n_${base}`.slice(0, MAX_BASE) : base;
}

/** `base` if free, else `base_2`, `base_3`, … (the first one not in `existing`). */
export function uniqueNodeId(base: string, existing: Iterable<string>): string {
  const taken = existing instanceof Set ? (existing as Set<string>) : new Set(existing);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}

/** A new node's id from its label: `credit_check`, or `credit_check_2` when taken. */
export function nodeIdFromLabel(label: string, existing: Iterable<string>): string {
  return uniqueNodeId(slugId(label), existing);
}

/** The id prefix for nodes of `type`: the type id made into a valid identifier. */
export function nodeIdPrefix(type: string): string {
  let base = type.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 48);
  if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
  return base || 'node';
}

/** `<type>_<n>` with n one more than the highest number used for that type, skipping taken ids. */
export function nextNodeId(type: string, existing: Iterable<string>): string {
  const prefix = nodeIdPrefix(type);
  const taken = new Set(existing);
  const re = new RegExp(`^${prefix}_(\\d+)$`);
  let max = 0;
  for (const id of taken) {
    const m = re.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (taken.has(`${prefix}_${n}`)) n++;
  return `${prefix}_${n}`;
}

/** A source of fresh edge ids `e<n>` for adding many edges at once (one scan of `existing`, then O(1) per id). */
export function edgeIdSource(existing: Iterable<string>): () => string {
  const taken = new Set(existing);
  let n = 0;
  for (const id of taken) {
    const m = /^e(\d+)$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return () => {
    do n++;
    while (taken.has(`e${n}`));
    return `e${n}`;
  };
}

/** `e<n>` with n one more than the highest used. */
export function nextEdgeId(existing: Iterable<string>): string {
  const taken = existing instanceof Set ? (existing as Set<string>) : new Set(existing);
  let max = 0;
  for (const id of taken) {
    const m = /^e(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (taken.has(`e${n}`)) n++;
  return `e${n}`;
}
