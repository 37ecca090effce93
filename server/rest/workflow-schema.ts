/**
 * The JSON Schema of the workflow document, generated from the zod schema
 * (`WorkflowDocumentSchema`) so it never drifts from what the API accepts. Served at
 * `GET /api/v1/workflow.schema.json` and embedded in the OpenAPI document.
 *
 * Node configs are free-form in the document (a draft may be incomplete; the
 * validator reports config problems when publishing), so the document schema does
 * not enforce them. Instead each node type's config schema is listed under
 * `$defs.<type>Config`, with its label, description and behaviour, and the
 * node's `type` property lists every type.
 *
 * Pure: no I/O, no server imports.
 */
import { z } from 'zod';
import { WorkflowDocumentSchema, WORKFLOW_SCHEMA_VERSION } from '@/lib/workflow/document';
import { NODE_TYPES } from '@/lib/nodes/registry';

export type JsonSchema = Record<string, unknown>;

/** `$defs` key of a node type's config schema, e.g. `httpConfig`. */
export function configDefName(type: string): string {
  return `${type}Config`;
}

/** The document schema alone (input form: fields with defaults are optional), without `$schema`. */
export function documentSchema(): JsonSchema {
  const s = z.toJSONSchema(WorkflowDocumentSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete s.$schema;
  return s;
}

/**
 * The config schema of every registered node type, keyed by {@link configDefName}.
 * Nested `$defs` of a config schema are hoisted (prefixed with the type) so `$ref`s
 * resolve from the root of whichever document embeds them; `refBase` is that root's
 * `$defs` location (`#/$defs/` in the standalone schema, `#/components/schemas/` in OpenAPI).
 */
export function nodeConfigSchemas(refBase = '#/$defs/'): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const t of NODE_TYPES) {
    const s = z.toJSONSchema(t.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    delete s.$schema;
    const prefix = `${t.type}_`;
    const nested = (s.$defs ?? {}) as Record<string, JsonSchema>;
    delete s.$defs;
    const fix = (v: unknown) => rewriteRefs(v, (ref) => (ref.startsWith('#/$defs/') ? `${refBase}${prefix}${ref.slice('#/$defs/'.length)}` : ref === '#' ? `${refBase}${configDefName(t.type)}` : ref));
    for (const [k, v] of Object.entries(nested)) out[prefix + k] = fix(v) as JsonSchema;
    let ports: { inputs: string[]; outputs: string[] } | undefined;
    try {
      const d = t.defaults();
      ports = { inputs: t.inputs(d).map((p) => p.id), outputs: t.outputs(d).map((p) => p.id) };
    } catch {
      ports = undefined;
    }
    out[configDefName(t.type)] = {
      ...(fix(s) as JsonSchema),
      title: `${t.label} config`,
      description: `Config of a \`${t.type}\` node (${t.label}): ${t.description}`,
      'x-baton-node-type': t.type,
      'x-baton-behavior': t.behavior,
      ...(ports ? { 'x-baton-default-ports': ports } : {}),
    };
  }
  return out;
}

function rewriteRefs(v: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(v)) return v.map((x) => rewriteRefs(x, map));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = k === '$ref' && typeof x === 'string' ? map(x) : rewriteRefs(x, map);
    return o;
  }
  return v;
}

/** Adds the node type list and config pointers to the node item of a document schema (in place). */
export function annotateNodeTypes(doc: JsonSchema, refBase = '#/$defs/'): JsonSchema {
  const nodes = (doc.properties as Record<string, JsonSchema> | undefined)?.nodes;
  const item = nodes?.items as JsonSchema | undefined;
  const props = item?.properties as Record<string, JsonSchema> | undefined;
  if (!props) return doc;
  const list = NODE_TYPES.map((t) => `\`${t.type}\` (${t.label})`).join(', ');
  props.type = {
    ...props.type,
    description: `Node type id from the registry: ${list}. An unknown type is accepted in a draft and reported by the validator.`,
    examples: NODE_TYPES.map((t) => t.type),
  };
  props.config = {
    ...props.config,
    description: `Settings of the node; their schema depends on \`type\`: ${NODE_TYPES.map((t) => `${refBase}${configDefName(t.type)}`).join(', ')}. Checked by the validator when publishing, not when saving a draft.`,
  };
  props.id = { ...props.id, description: 'Stable id: names the node in edges and in expressions (`$steps.<id>.output`)' };
  return doc;
}

/** The standalone JSON Schema served at `/api/v1/workflow.schema.json`. `id`: its absolute URL. */
export function workflowJsonSchema(opts: { id: string }): JsonSchema {
  const doc = annotateNodeTypes(documentSchema());
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: opts.id,
    title: 'Baton workflow document',
    description: `A Baton workflow (schemaVersion ${WORKFLOW_SCHEMA_VERSION}): nodes with stable ids and per-type config, and edges between node ports. Node config schemas per type are under $defs (<type>Config). See docs/workflow-format.md.`,
    ...doc,
    $defs: nodeConfigSchemas('#/$defs/'),
  };
}
