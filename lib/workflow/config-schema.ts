/**
 * Reading node configs through the JSON Schema of their zod schema
 * (`z.toJSONSchema(configSchema, { io: 'input' })`): which fields hold expressions or
 * templates (the `widget` hints, see `lib/nodes/fields.ts`), readable field labels
 * for messages, and the values at a path. Pure; schemas are cached per node type.
 */
import { z } from 'zod';
import { getNodeType } from '../nodes/registry';

/** A config string field holding JSONata: `path` inside `config`, `'*'` standing for every array index. */
export interface ExpressionField {
  path: (string | number | '*')[];
  widget: 'expression' | 'template';
}

/**
 * The expression and template fields of a node type, read from the `widget` hints
 * in the JSON Schema of its config. Empty for an unknown type. Cached per type.
 */
export function expressionFieldsOf(type: string): ExpressionField[] {
  const cached = fieldCache.get(type);
  if (cached) return cached;
  const schema = jsonSchemaOf(type);
  const fields: ExpressionField[] = [];
  if (schema) collectFields(schema, schema, [], fields, 0);
  fieldCache.set(type, fields);
  return fields;
}

export type JsonSchema = {
  type?: unknown;
  title?: unknown;
  widget?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

const schemaCache = new Map<string, JsonSchema | undefined>();
const fieldCache = new Map<string, ExpressionField[]>();

/** The JSON Schema of a node type's config (input side), or undefined for an unknown type. */
export function jsonSchemaOf(type: string): JsonSchema | undefined {
  if (schemaCache.has(type)) return schemaCache.get(type);
  const def = getNodeType(type);
  let schema: JsonSchema | undefined;
  try {
    schema = def ? (z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema) : undefined;
  } catch {
    schema = undefined;
  }
  schemaCache.set(type, schema);
  return schema;
}

function resolve(root: JsonSchema, s: JsonSchema): JsonSchema {
  const prefix = '#/$defs/';
  if (typeof s.$ref === 'string' && s.$ref.startsWith(prefix)) {
    const target = root.$defs?.[s.$ref.slice(prefix.length)];
    if (target) return target;
  }
  return s;
}

function collectFields(root: JsonSchema, node: JsonSchema, path: ExpressionField['path'], out: ExpressionField[], depth: number): void {
  if (depth > 20) return;
  const s = resolve(root, node);
  if (s.widget === 'expression' || s.widget === 'template') {
    out.push({ path, widget: s.widget });
    return;
  }
  for (const [key, child] of Object.entries(s.properties ?? {})) collectFields(root, child, [...path, key], out, depth + 1);
  if (s.items && !Array.isArray(s.items)) collectFields(root, s.items, [...path, '*'], out, depth + 1);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) collectFields(root, alt, path, out, depth + 1);
}

/** The sub-schema at a concrete config path (array indices step into `items`). */
export function schemaAt(root: JsonSchema | undefined, path: (string | number)[]): JsonSchema | undefined {
  let s = root && resolve(root, root);
  for (const key of path) {
    if (!s || !root) return undefined;
    if (typeof key === 'number') s = s.items && !Array.isArray(s.items) ? s.items : undefined;
    else s = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined;
    s = s && resolve(root, s);
  }
  return s;
}

/** The `title` of the field at a config path, if the schema gives one. */
export function titleAt(root: JsonSchema | undefined, path: (string | number)[]): string | undefined {
  const t = schemaAt(root, path)?.title;
  return typeof t === 'string' ? t : undefined;
}

/** A readable field name for a config path: `Branches #2 › Condition` (titles from the schema, indices 1-based). */
export function fieldLabel(root: JsonSchema | undefined, path: (string | number)[]): string {
  const parts: string[] = [];
  path.forEach((key, i) => {
    if (typeof key === 'number') {
      if (parts.length) parts[parts.length - 1] += ` #${key + 1}`;
      else parts.push(`#${key + 1}`);
    } else {
      parts.push(titleAt(root, path.slice(0, i + 1)) ?? key);
    }
  });
  return parts.join(' › ');
}

/** The string values at `path` in `value`, `'*'` expanding arrays; anything else is skipped. */
export function valuesAt(value: unknown, path: ExpressionField['path']): Array<{ path: (string | number)[]; value: string }> {
  let current: Array<{ path: (string | number)[]; value: unknown }> = [{ path: [], value }];
  for (const key of path) {
    const nextValues: typeof current = [];
    for (const c of current) {
      if (key === '*') {
        if (Array.isArray(c.value)) c.value.forEach((v, i) => nextValues.push({ path: [...c.path, i], value: v }));
      } else if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && Object.hasOwn(c.value, key)) {
        nextValues.push({ path: [...c.path, key], value: (c.value as Record<string, unknown>)[key] });
      }
    }
    current = nextValues;
  }
  return current.filter((c): c is { path: (string | number)[]; value: string } => typeof c.value === 'string');
}
