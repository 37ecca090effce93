/**
 * The workflow document: the JSON a workflow is saved, published, exported and
 * imported as. It is the contract between the designer, the REST API, storage and
 * the engine. Validated with zod at every boundary; the JSON Schema served at
 * `GET /api/v1/workflow.schema.json` is generated from these schemas.
 *
 * Shape (schemaVersion 1):
 * ```json
 * { "schemaVersion": 1, "name": "Onboarding", "description": "",
 *   "nodes": [{ "id": "check", "type": "http", "label": "Credit check",
 *               "position": { "x": 0, "y": 0 }, "config": { ... } }],
 *   "edges": [{ "id": "e1", "source": "start", "sourcePort": "out",
 *               "target": "check", "targetPort": "in" }],
 *   "settings": { "maxIterations": 1000, "runTimeoutMs": 3600000 } }
 * ```
 * (`settings` is optional.) An optional `notes` array holds the canvas' sticky notes
 * (see {@link StickyNoteSchema}); the engine and the validator never read it.
 * Node ids are stable identifiers (they name the node in expressions:
 * `$steps.<nodeId>.output`), so they must be valid JSONata path names. Edges
 * reference node ids and port ids, never labels (renaming a node breaks nothing).
 */
import { z } from 'zod';
import { DEFAULT_MAX_ITERATIONS } from '../engine/draft';

/** The current document format version. Older documents are upgraded on load by {@link upgradeDocument}. */
export const WORKFLOW_SCHEMA_VERSION = 1;

/** Hard limits that keep a single document from exhausting memory or the canvas. */
export const DOCUMENT_LIMITS = {
  nodes: 2000,
  edges: 5000,
  /** Serialized size of one node's config, bytes. */
  configBytes: 256 * 1024,
} as const;

/** An identifier usable as a JSONata path step: letter or underscore, then letters, digits, underscores. */
export const NodeIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and contain only letters, digits and _');

/** Edge and port ids are looser: any short token without spaces. */
export const TokenIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must contain only letters, digits and _ . : -');

export const PositionSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
});

export const WorkflowNodeSchema = z.object({
  id: NodeIdSchema,
  type: z.string().min(1).max(64),
  label: z.string().max(200).optional(),
  position: PositionSchema,
  config: z.record(z.string(), z.unknown()).default({}),
});

export const WorkflowEdgeSchema = z.object({
  id: TokenIdSchema,
  source: NodeIdSchema,
  sourcePort: TokenIdSchema.default('out'),
  target: NodeIdSchema,
  targetPort: TokenIdSchema.default('in'),
});

/** Colours a sticky note may have. */
export const NOTE_COLORS = ['yellow', 'blue', 'green', 'pink', 'slate'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** Limits of sticky notes: how many per document, characters of text, size in px (canvas units). */
export const NOTE_LIMITS = {
  notes: 500,
  textChars: 10_000,
  minWidth: 120,
  maxWidth: 2000,
  minHeight: 60,
  maxHeight: 2000,
  /** Size of a new note. */
  width: 260,
  height: 160,
} as const;

/**
 * A sticky note on the canvas: Markdown text for the people reading the workflow.
 * Not a node: it has no ports, never runs and is not validated. Its id is a token
 * (new notes get `note-1`, `note-2`, …, which can never be a node id) and must differ
 * from every node id. `width`/`height` are px in canvas units.
 */
export const StickyNoteSchema = z.object({
  id: TokenIdSchema,
  text: z.string().max(NOTE_LIMITS.textChars, `a note holds at most ${NOTE_LIMITS.textChars} characters`).default(''),
  color: z.enum(NOTE_COLORS).default('yellow'),
  position: PositionSchema,
  width: z.number().finite().min(NOTE_LIMITS.minWidth).max(NOTE_LIMITS.maxWidth).default(NOTE_LIMITS.width),
  height: z.number().finite().min(NOTE_LIMITS.minHeight).max(NOTE_LIMITS.maxHeight).default(NOTE_LIMITS.height),
});
export type StickyNote = z.infer<typeof StickyNoteSchema>;

/** Default of `settings.maxIterations`: activations allowed per node and run (loop guard); the engine applies it. */
export { DEFAULT_MAX_ITERATIONS };
/**
 * Upper bound of `settings.maxIterations`. Saving or publishing a document above it is
 * refused (naming the field); a document stored before the bound existed loads with the
 * value clamped to it (see {@link parseDocument}'s `stored`). Runs are further bounded by
 * the runner's per-run step quota (`BATON_RUN_MAX_STEPS`).
 */
export const MAX_ITERATIONS_LIMIT = 10_000;

/**
 * Run-wide settings (optional; added in schemaVersion 1 without a version bump since
 * absent means the defaults):
 * - `maxIterations`: most activations of any one node in one run (back edges are
 *   allowed; a run exceeding this fails with `MAX_ITERATIONS`), default 1000, at most
 *   {@link MAX_ITERATIONS_LIMIT};
 * - `runTimeoutMs`: time limit of a whole run in ms; exceeded → `RUN_TIMEOUT`.
 */
export const WorkflowSettingsSchema = z.object({
  maxIterations: z
    .number()
    .int('Max iterations must be a whole number')
    .min(1, 'Max iterations must be at least 1')
    .max(MAX_ITERATIONS_LIMIT, `Max iterations must be at most ${MAX_ITERATIONS_LIMIT}`)
    .optional()
    .meta({ title: 'Max iterations', description: `Most times one node may run in a run (loop guard); default ${DEFAULT_MAX_ITERATIONS}` }),
  runTimeoutMs: z
    .number()
    .int('Run timeout must be a whole number of ms')
    .min(1000, 'Run timeout must be at least 1000 ms')
    .max(365 * 86_400_000, 'Run timeout must be at most one year')
    .optional()
    .meta({ title: 'Run timeout (ms)', description: 'The run fails (and compensates) when it takes longer' }),
});
export type WorkflowSettings = z.infer<typeof WorkflowSettingsSchema>;

export const WorkflowDocumentSchema = z
  .object({
    schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION),
    name: z.string().trim().min(1, 'name is required').max(200),
    description: z.string().max(5000).default(''),
    nodes: z.array(WorkflowNodeSchema).max(DOCUMENT_LIMITS.nodes),
    edges: z.array(WorkflowEdgeSchema).max(DOCUMENT_LIMITS.edges),
    settings: WorkflowSettingsSchema.optional(),
    /** Sticky notes (optional; absent in documents written before notes existed). */
    notes: z.array(StickyNoteSchema).max(NOTE_LIMITS.notes).optional(),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.nodes.forEach((n, i) => {
      if (ids.has(n.id)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id "${n.id}"` });
      ids.add(n.id);
      if (JSON.stringify(n.config).length > DOCUMENT_LIMITS.configBytes)
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'config'], message: `config of node "${n.id}" is larger than ${DOCUMENT_LIMITS.configBytes} bytes` });
    });
    const edgeIds = new Set<string>();
    doc.edges.forEach((e, i) => {
      if (edgeIds.has(e.id)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'id'], message: `duplicate edge id "${e.id}"` });
      edgeIds.add(e.id);
      if (!ids.has(e.source)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'source'], message: `edge "${e.id}" starts at unknown node "${e.source}"` });
      if (!ids.has(e.target)) ctx.addIssue({ code: 'custom', path: ['edges', i, 'target'], message: `edge "${e.id}" ends at unknown node "${e.target}"` });
    });
    const noteIds = new Set<string>();
    doc.notes?.forEach((n, i) => {
      if (noteIds.has(n.id) || ids.has(n.id)) ctx.addIssue({ code: 'custom', path: ['notes', i, 'id'], message: `note id "${n.id}" is already used by another note or node` });
      noteIds.add(n.id);
    });
  });

export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;
export type WorkflowDocument = z.infer<typeof WorkflowDocumentSchema>;

/**
 * Upgrades a document of any known older schemaVersion to the current one.
 * Version 1 is the first format, so today this only checks the version field.
 * @throws Error when `raw` is not an object, or its `schemaVersion` is newer than this build knows.
 */
export function upgradeDocument(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('a workflow document must be a JSON object');
  const v = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (v === undefined) return { ...(raw as object), schemaVersion: WORKFLOW_SCHEMA_VERSION };
  if (typeof v === 'number' && v > WORKFLOW_SCHEMA_VERSION)
    throw new Error(`workflow schemaVersion ${v} is newer than this Baton supports (${WORKFLOW_SCHEMA_VERSION})`);
  return raw;
}

/** Result of {@link parseDocument}: the document, or every issue with its path. */
export type ParseDocumentResult =
  | { success: true; data: WorkflowDocument }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

/**
 * Parses unknown JSON into a workflow document (upgrading old versions first).
 * Never throws: a non-object or a too-new `schemaVersion` is one clear issue rather
 * than a list of every field.
 *
 * `opts.stored`: the document was saved by Baton earlier (a draft or published version
 * being loaded, not a request): limits added since are applied leniently so it still
 * loads — today `settings.maxIterations` above {@link MAX_ITERATIONS_LIMIT} is clamped
 * to it. Requests (save, import, publish) are parsed strictly and refused instead.
 */
export function parseDocument(raw: unknown, opts: { stored?: boolean } = {}): ParseDocumentResult {
  let upgraded: unknown;
  try {
    upgraded = upgradeDocument(raw);
  } catch (err) {
    const path = raw && typeof raw === 'object' && !Array.isArray(raw) ? ['schemaVersion'] : [];
    return { success: false, error: { issues: [{ path, message: (err as Error).message }] } };
  }
  if (opts.stored) upgraded = clampStored(upgraded as Record<string, unknown>);
  const r = WorkflowDocumentSchema.safeParse(upgraded);
  return r.success ? { success: true, data: r.data } : { success: false, error: { issues: r.error.issues } };
}

/** A stored document with `settings.maxIterations` clamped to {@link MAX_ITERATIONS_LIMIT} (a copy; the input is not changed). */
function clampStored(doc: Record<string, unknown>): unknown {
  const settings = doc.settings as Record<string, unknown> | undefined;
  const max = settings?.maxIterations;
  if (typeof max !== 'number' || !(max > MAX_ITERATIONS_LIMIT)) return doc;
  return { ...doc, settings: { ...settings, maxIterations: MAX_ITERATIONS_LIMIT } };
}

/** An empty document with a name, as created by "New workflow". */
export function emptyDocument(name: string): WorkflowDocument {
  return { schemaVersion: WORKFLOW_SCHEMA_VERSION, name, description: '', nodes: [], edges: [] };
}
