/**
 * Readable, unique ids for new nodes and edges. Node ids name nodes in expressions
 * (`$steps.http_2.output`), so they must satisfy `NodeIdSchema`: a letter or `_`,
 * then letters, digits and `_`, at most 64 characters.
 */

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

/** `e<n>` with n one more than the highest used. */
export function nextEdgeId(existing: Iterable<string>): string {
  const taken = new Set(existing);
  let max = 0;
  for (const id of taken) {
    const m = /^e(\d+)$/.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (taken.has(`e${n}`)) n++;
  return `e${n}`;
}
