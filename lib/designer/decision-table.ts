/**
 * Edits of a decision table's config value (`decisionTable` node, `config.table`),
 * used by the designer's table editor. Pure; every function returns a new table and
 * keeps each rule's cells aligned with the columns: adding, removing or moving a
 * column does the same to that cell of every rule. Nothing is ever dropped silently:
 * a rule with more cells than columns keeps them (the validator reports it).
 */

export interface TableInput {
  label: string;
  expression: string;
}
export interface TableOutput {
  name: string;
}
export interface TableRule {
  when: string[];
  then: string[];
  note: string;
}
export interface TableValue {
  inputs: TableInput[];
  outputs: TableOutput[];
  rules: TableRule[];
}

/** The "any value" input entry new cells start with. */
export const ANY = '-';

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function pad(cells: string[], n: number, fill: string): string[] {
  return cells.length >= n ? cells : [...cells, ...Array.from({ length: n - cells.length }, () => fill)];
}

/** Reads any stored value as a table; missing cells are filled (`-` for inputs, empty for outputs). */
export function normalizeTable(value: unknown): TableValue {
  const v = obj(value);
  const inputs = arr(v.inputs).map((i) => ({ label: str(obj(i).label), expression: str(obj(i).expression) }));
  const outputs = arr(v.outputs).map((o) => ({ name: str(obj(o).name) }));
  const rules = arr(v.rules).map((r) => {
    const o = obj(r);
    return { when: pad(arr(o.when).map(str), inputs.length, ANY), then: pad(arr(o.then).map(str), outputs.length, ''), note: str(o.note) };
  });
  return { inputs, outputs, rules };
}

function insertAt<T>(list: readonly T[], at: number, item: T): T[] {
  const i = Math.max(0, Math.min(at, list.length));
  return [...list.slice(0, i), item, ...list.slice(i)];
}
function removeAt<T>(list: readonly T[], at: number): T[] {
  return list.filter((_, i) => i !== at);
}
/** Moves item `from` to index `to` (clamped). */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const t = Math.max(0, Math.min(to, list.length - 1));
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(t, 0, item!);
  return out;
}

/** A name not used by any output: `output2`, `output3`, … */
export function freshOutputName(t: TableValue): string {
  const used = new Set(t.outputs.map((o) => o.name));
  for (let n = t.outputs.length + 1; ; n++) if (!used.has(`output${n}`)) return `output${n}`;
}

export function addInput(t: TableValue, at = t.inputs.length): TableValue {
  return {
    ...t,
    inputs: insertAt(t.inputs, at, { label: `Input ${t.inputs.length + 1}`, expression: '' }),
    rules: t.rules.map((r) => ({ ...r, when: insertAt(r.when, at, ANY) })),
  };
}
export function removeInput(t: TableValue, j: number): TableValue {
  return { ...t, inputs: removeAt(t.inputs, j), rules: t.rules.map((r) => ({ ...r, when: removeAt(r.when, j) })) };
}
export function moveInput(t: TableValue, j: number, to: number): TableValue {
  return { ...t, inputs: move(t.inputs, j, to), rules: t.rules.map((r) => ({ ...r, when: move(r.when, j, to) })) };
}
export function updateInput(t: TableValue, j: number, patch: Partial<TableInput>): TableValue {
  return { ...t, inputs: t.inputs.map((c, i) => (i === j ? { ...c, ...patch } : c)) };
}

export function addOutput(t: TableValue, at = t.outputs.length): TableValue {
  return {
    ...t,
    outputs: insertAt(t.outputs, at, { name: freshOutputName(t) }),
    rules: t.rules.map((r) => ({ ...r, then: insertAt(r.then, at, '') })),
  };
}
export function removeOutput(t: TableValue, k: number): TableValue {
  return { ...t, outputs: removeAt(t.outputs, k), rules: t.rules.map((r) => ({ ...r, then: removeAt(r.then, k) })) };
}
export function moveOutput(t: TableValue, k: number, to: number): TableValue {
  return { ...t, outputs: move(t.outputs, k, to), rules: t.rules.map((r) => ({ ...r, then: move(r.then, k, to) })) };
}
export function updateOutput(t: TableValue, k: number, patch: Partial<TableOutput>): TableValue {
  return { ...t, outputs: t.outputs.map((c, i) => (i === k ? { ...c, ...patch } : c)) };
}

/** A rule of `-` input entries and empty output entries, inserted at `at` (default: the end). */
export function addRule(t: TableValue, at = t.rules.length): TableValue {
  const rule: TableRule = { when: t.inputs.map(() => ANY), then: t.outputs.map(() => ''), note: '' };
  return { ...t, rules: insertAt(t.rules, at, rule) };
}
export function duplicateRule(t: TableValue, i: number): TableValue {
  const r = t.rules[i];
  return r ? { ...t, rules: insertAt(t.rules, i + 1, { when: [...r.when], then: [...r.then], note: r.note }) } : t;
}
export function removeRule(t: TableValue, i: number): TableValue {
  return { ...t, rules: removeAt(t.rules, i) };
}
export function moveRule(t: TableValue, i: number, to: number): TableValue {
  return { ...t, rules: move(t.rules, i, to) };
}
/** Sets one cell: `part` is `when` (input entry `j`), `then` (output entry `j`) or `note`. */
export function setCell(t: TableValue, i: number, part: 'when' | 'then' | 'note', j: number, value: string): TableValue {
  return {
    ...t,
    rules: t.rules.map((r, n) => {
      if (n !== i) return r;
      if (part === 'note') return { ...r, note: value };
      const cells = [...r[part]];
      cells[j] = value;
      return { ...r, [part]: cells };
    }),
  };
}
