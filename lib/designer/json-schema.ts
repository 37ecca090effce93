/**
 * Helpers for the config form generated from a node type's zod schema
 * (`z.toJSONSchema(configSchema, { io: 'input' })`). The form renders by JSON
 * Schema type and reads `title`, `description`, `placeholder` and `widget` hints
 * (see `lib/nodes/fields.ts`). Pure; the React part lives in
 * `components/designer/config-form/`.
 */
import { z } from 'zod';
import { getNodeType } from '@/lib/nodes/registry';

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  placeholder?: string;
  widget?: string;
  /** On a version field: the sibling workflow-id field it is a version of (`lib/nodes/workflow-ref.ts`). */
  versionOf?: string;
  /** On a credential field (`widget: 'credential'`): the credential types it accepts (`lib/nodes/fields.ts`). */
  credentialTypes?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

const cache = new Map<string, JsonSchema | null>();

/** The input JSON Schema of a node type's config (cached), or null for an unknown type or an unconvertible schema. */
export function configJsonSchema(type: string): JsonSchema | null {
  if (cache.has(type)) return cache.get(type)!;
  const def = getNodeType(type);
  let schema: JsonSchema | null = null;
  try {
    if (def) schema = z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    schema = null;
  }
  cache.set(type, schema);
  return schema;
}

/** Follows a local `$ref` and unwraps `anyOf`/`oneOf` with one non-null alternative (optional/nullable fields). */
export function resolveSchema(root: JsonSchema, s: JsonSchema): JsonSchema {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    if (typeof cur.$ref === 'string' && cur.$ref.startsWith('#/$defs/')) {
      const target = root.$defs?.[cur.$ref.slice('#/$defs/'.length)];
      if (!target) return cur;
      const { $ref: _ref, ...rest } = cur;
      cur = { ...target, ...rest };
      continue;
    }
    const alts = cur.anyOf ?? cur.oneOf;
    if (alts) {
      const real = alts.filter((a) => a.type !== 'null');
      if (real.length === 1) {
        const { anyOf: _a, oneOf: _o, ...rest } = cur;
        cur = { ...real[0]!, ...rest };
        continue;
      }
    }
    return cur;
  }
  return cur;
}

export type FieldKind = 'text' | 'multiline' | 'enum' | 'boolean' | 'number' | 'integer' | 'array' | 'object' | 'json';

/** Which input renders a schema. Strings with a widget hint render as multi-line (code) inputs. */
export function fieldKind(s: JsonSchema): FieldKind {
  if (Array.isArray(s.enum) && s.enum.length > 0) return 'enum';
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return s.widget === 'textarea' || s.widget === 'expression' || s.widget === 'template' || s.widget === 'javascript' ? 'multiline' : 'text';
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'array':
      return s.items && !Array.isArray(s.items) ? 'array' : 'json';
    case 'object':
      return s.properties ? 'object' : 'json';
    default:
      return 'json';
  }
}

/** A fresh value for a schema: its default, else an empty value of its type (used for new array items). */
export function initialValue(root: JsonSchema, schema: JsonSchema, depth = 0): unknown {
  const s = resolveSchema(root, schema);
  if (s.default !== undefined) return structuredClone(s.default);
  if (depth > 10) return undefined;
  switch (fieldKind(s)) {
    case 'enum':
      return s.enum![0];
    case 'text':
    case 'multiline':
      return '';
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [k, child] of Object.entries(s.properties ?? {})) {
        // An optional property without a default starts absent (e.g. a form field's min and max).
        if (!required.has(k) && resolveSchema(root, child).default === undefined) continue;
        const v = initialValue(root, child, depth + 1);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A stable key for a config path: `branches.0.condition`. The empty path is `''`. */
export function pathKey(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** Issue messages keyed by `pathKey` (a message may appear once per path). */
export function issuesByPath(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const k = pathKey(i.path);
    const list = out.get(k) ?? [];
    if (!list.includes(i.message)) list.push(i.message);
    out.set(k, list);
  }
  return out;
}

/** "Branches" → "Branch", "Form fields" → "Form field": the name of one item of a list field. */
export function singular(title: string): string {
  if (/(ch|sh|ss|x)es$/i.test(title)) return title.slice(0, -2);
  if (/[^su]s$/i.test(title)) return title.slice(0, -1);
  return title;
}

/** A readable label from a property key when the schema has no title: `timeoutMs` → "Timeout ms". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/** Moves an array item; returns a new array (or the same when the move is out of range). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return list as T[];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * A new item for a list field: {@link initialValue}, with a unique `id` (and for
 * items that have a `label`, a unique `name`) and a matching label prefilled, e.g.
 * `{ id: 'branch_2', label: 'Branch 2', condition: '' }`, so adding an item does
 * not start with "is required" errors for fields the user rarely cares about.
 */
export function newListItem(root: JsonSchema, items: JsonSchema, existing: readonly unknown[], listTitle: string): unknown {
  const value = initialValue(root, items);
  const s = resolveSchema(root, items);
  if (!value || typeof value !== 'object' || Array.isArray(value) || !s.properties) return value;
  const item = value as Record<string, unknown>;
  const props = s.properties;
  const keyProp = 'id' in props ? 'id' : 'name' in props && 'label' in props ? 'name' : null;
  if (!keyProp || item[keyProp] !== '') return item;
  const one = singular(listTitle);
  const base = one.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'item';
  const used = new Set(existing.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[keyProp] : undefined)).filter((v) => typeof v === 'string'));
  let n = existing.length + 1;
  while (used.has(`${base}_${n}`)) n++;
  const id = `${base}_${n}`;
  const pattern = resolveSchema(root, props[keyProp]!).pattern;
  if (pattern && !new RegExp(pattern).test(id)) return item;
  item[keyProp] = id;
  if ('label' in props && item.label === '') item.label = `${one} ${n}`;
  return item;
}

/** The messages worth showing for one field: a "… is required" message makes the others (pattern, length) noise. */
export function primaryMessages(messages: readonly string[]): string[] {
  const required = messages.find((m) => /\bis required$/.test(m));
  return required ? [required] : [...messages];
}
