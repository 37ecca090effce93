/**
 * The workflow validator: lists every problem of a workflow document, for the
 * designer (flags on the canvas, the problems panel) and for publishing (a version
 * with an `error` problem cannot be published or run). Pure: no I/O, never throws
 * on a document that passed `WorkflowDocumentSchema`, whatever its node configs hold.
 *
 * Checks, in this order: triggers; per node its type, config (the type's zod
 * schema) and the syntax of its JSONata expressions and `{{ }}` templates; per edge
 * its ports; connectivity (inputs, required outputs, reachability from the
 * trigger; compensation handlers count as reached and need not connect their
 * outputs); pairing of parallel splits and inclusive gateways with their joins
 * (`pairing.ts`); compensation edges (`compensation-check.ts`). Back edges (loops)
 * are allowed; only an edge from a node to itself is an error.
 * Messages name nodes as `<Type label> "<label>" (<id>)`, e.g.
 * `HTTP request "Credit check" (check): URL is required`.
 */
import type { z } from 'zod';
import { getNodeType } from '../nodes/registry';
import type { NodeTypeDefinition, PortSpec } from '../nodes/types';
import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from './document';
import { checkSyntax, templateParts } from '../expressions';
import { expressionFieldsOf, fieldLabel, jsonSchemaOf, titleAt, valuesAt, type JsonSchema } from './config-schema';
import { adjacency } from './graph';
import { cutOffProblems } from './reachability';

export * from './problems';
import { CONFIG_INVALID, EXPRESSION_SYNTAX, MULTIPLE_EDGES_FROM_PORT, MULTIPLE_TRIGGERS, NO_TRIGGER, OUTPUT_UNCONNECTED, SELF_LOOP, UNKNOWN_NODE_TYPE, UNKNOWN_PORT, type Problem } from './problems';
import { checkSplitJoinPairs } from './pairing';
import { checkCompensation, compensationHandlers } from './compensation-check';

export { expressionFieldsOf, type ExpressionField } from './config-schema';
export { templateParts, type TemplatePart } from '../expressions';

/**
 * Lists every problem of `doc` (see the codes above). Never throws for a document
 * that passed `WorkflowDocumentSchema`; edges naming missing nodes are skipped.
 */
export function validateWorkflow(doc: WorkflowDocument): Problem[] {
  const problems: Problem[] = [];
  // A duplicate id (refused by the document schema) keeps the last node at the first one's place.
  const locals = new Map<string, ReturnType<typeof nodeLocal>>();
  for (const node of doc.nodes) locals.set(node.id, nodeLocal(node));
  const infos = new Map<string, NodeInfo>();
  for (const [id, local] of locals) infos.set(id, local.info);
  const edges = doc.edges.filter((e) => infos.has(e.source) && infos.has(e.target));

  checkTriggers([...infos.values()], problems);
  for (const local of locals.values()) for (const p of local.problems) problems.push(p);
  checkEdges(edges, infos, problems);
  checkConnectivity(edges, infos, problems);
  checkSplitJoinPairs(edges, infos, problems);
  checkCompensation(edges, infos, problems);
  return problems;
}

/**
 * Runs the node-local checks (config schema, expression syntax) of `nodes[from…]` into
 * the validator's cache until `more()` returns false (asked after each node), so a
 * later {@link validateWorkflow} of a document holding these node objects only runs the
 * graph checks. For spreading the first validation of a big workflow over short slices
 * of idle time. Returns the index of the next node to check (`nodes.length` when done).
 */
export function warmNodeChecks(nodes: readonly WorkflowNode[], from: number, more: () => boolean): number {
  let i = from;
  while (i < nodes.length) {
    nodeLocal(nodes[i]!);
    i++;
    if (!more()) break;
  }
  return i;
}

// ---------------------------------------------------------------------------
// nodes

interface NodeInfo {
  node: WorkflowNode;
  def: NodeTypeDefinition | undefined;
  /** `HTTP request "Credit check" (check)` */
  name: string;
  /** Parsed config when it is valid, else undefined. */
  parsed: { ok: true; data: unknown } | { ok: false; issues: z.core.$ZodIssue[] | string };
  /** Ports, or undefined when the config is too broken to derive them. */
  inputs: PortSpec[] | undefined;
  outputs: PortSpec[] | undefined;
}

/** What {@link nodeLocal} remembers of one node: the inputs it was computed from and its results. */
interface NodeLocal {
  id: string;
  type: string;
  label: WorkflowNode['label'];
  info: NodeInfo;
  problems: Problem[];
}

/**
 * Node-local results (config check, ports, expression syntax) by the node's `config`
 * object. In the designer a move, a rename of another node or an edge edit makes new
 * node objects but keeps every untouched `config` object, so re-validating after an
 * edit parses only the configs and JSONata expressions that changed; with 2,000 nodes
 * that is the difference between a few milliseconds and seconds per keystroke.
 * Invariant relied on: a config object is never mutated after it was validated
 * (documents are immutable values everywhere). Weak keys: nothing is kept alive.
 */
const localCache = new WeakMap<object, NodeLocal>();

/** {@link describeNode} and {@link checkNode} of one node, from {@link localCache} when its id, type, label and config object are unchanged. */
function nodeLocal(node: WorkflowNode): { info: NodeInfo; problems: Problem[] } {
  const key = node.config !== null && typeof node.config === 'object' ? (node.config as object) : undefined;
  const hit = key ? localCache.get(key) : undefined;
  if (hit && hit.id === node.id && hit.type === node.type && hit.label === node.label) {
    return { info: hit.info.node === node ? hit.info : { ...hit.info, node }, problems: hit.problems };
  }
  const info = describeNode(node);
  const problems: Problem[] = [];
  checkNode(info, problems);
  if (key) localCache.set(key, { id: node.id, type: node.type, label: node.label, info, problems });
  return { info, problems };
}

function describeNode(node: WorkflowNode): NodeInfo {
  const def = getNodeType(node.type);
  const label = typeof node.label === 'string' ? node.label.trim() : '';
  const typeLabel = def ? def.label : 'Node';
  const name = label ? `${typeLabel} "${label}" (${node.id})` : `${typeLabel} (${node.id})`;
  if (!def) return { node, def, name, parsed: { ok: false, issues: [] }, inputs: undefined, outputs: undefined };
  let parsed: NodeInfo['parsed'];
  try {
    const r = def.configSchema.safeParse(node.config ?? {});
    parsed = r.success ? { ok: true, data: r.data } : { ok: false, issues: r.error.issues };
  } catch (err) {
    parsed = { ok: false, issues: errorMessage(err) };
  }
  // Ports come from the parsed config; for an invalid config, from the raw config
  // over the defaults (best effort: a renamed outcome still yields its ports).
  const basis = parsed.ok ? parsed.data : { ...safeCall(() => def.defaults()), ...(node.config ?? {}) };
  return { node, def, name, parsed, inputs: portsOf(() => def.inputs(basis)), outputs: portsOf(() => def.outputs(basis)) };
}

function checkTriggers(infos: NodeInfo[], problems: Problem[]): void {
  const triggers = infos.filter((i) => i.def?.behavior === 'trigger');
  if (triggers.length === 0) {
    problems.push({ code: NO_TRIGGER, severity: 'error', message: 'The workflow has no trigger: add a trigger node to start runs from' });
  }
  if (triggers.length > 1) {
    const all = triggers.map((t) => t.node.id).join(', ');
    for (const t of triggers) {
      problems.push({
        code: MULTIPLE_TRIGGERS,
        severity: 'error',
        nodeId: t.node.id,
        message: `${t.name}: the workflow has ${triggers.length} triggers (${all}); keep exactly one`,
      });
    }
  }
}

function checkNode(info: NodeInfo, problems: Problem[]): void {
  const { node, def, name } = info;
  if (!def) {
    problems.push({ code: UNKNOWN_NODE_TYPE, severity: 'error', nodeId: node.id, message: `${name} has unknown type "${node.type}"` });
    return;
  }
  if (!info.parsed.ok) {
    const issues = info.parsed.issues;
    if (typeof issues === 'string') {
      problems.push({ code: CONFIG_INVALID, severity: 'error', nodeId: node.id, path: [], message: `${name}: invalid configuration (${issues})` });
    } else {
      const schema = jsonSchemaOf(node.type);
      for (const issue of issues) {
        const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
        problems.push({ code: CONFIG_INVALID, severity: 'error', nodeId: node.id, path, message: `${name}: ${describeIssue(schema, path, issue.message)}` });
      }
    }
  }
  const schema = jsonSchemaOf(node.type);
  for (const field of expressionFieldsOf(node.type)) {
    for (const { path, value } of valuesAt(node.config ?? {}, field.path)) {
      const where = fieldLabel(schema, path);
      if (field.widget === 'expression') {
        if (value.trim() === '') continue;
        const err = checkSyntax(value);
        if (err) problems.push(expressionProblem(info, path, `${where}: ${err.detail} (at position ${err.position ?? 0} of the expression)`));
        continue;
      }
      for (const part of templateParts(value)) {
        if (part.end < 0) {
          problems.push(expressionProblem(info, path, `${where}: "{{" at position ${part.start} is never closed with "}}"`));
          continue;
        }
        if (part.expr.trim() === '') {
          problems.push(expressionProblem(info, path, `${where}: empty {{ }} at position ${part.start}`));
          continue;
        }
        const err = checkSyntax(part.expr);
        if (err) {
          problems.push(expressionProblem(info, path, `${where}: {{${clip(part.expr)}}}: ${err.detail} (at position ${err.position ?? 0} of the expression)`));
        }
      }
    }
  }
}

function expressionProblem(info: NodeInfo, path: (string | number)[], detail: string): Problem {
  return { code: EXPRESSION_SYNTAX, severity: 'error', nodeId: info.node.id, path, message: `${info.name}: ${detail}` };
}

/** Turns a zod issue into text naming the field: `URL is required`, `Headers #2 › Name: not a valid header name`. */
function describeIssue(schema: JsonSchema | undefined, path: (string | number)[], message: string): string {
  if (path.length === 0) return message;
  const leafTitle = titleAt(schema, path);
  if (leafTitle && message.startsWith(leafTitle)) {
    const parent = path.length > 1 ? fieldLabel(schema, path.slice(0, -1)) : '';
    return parent ? `${parent} › ${message}` : message;
  }
  return `${fieldLabel(schema, path)}: ${message}`;
}

// ---------------------------------------------------------------------------
// edges and connectivity

function checkEdges(edges: WorkflowEdge[], infos: Map<string, NodeInfo>, problems: Problem[]): void {
  const byPort = new Map<string, WorkflowEdge[]>();
  for (const e of edges) {
    const src = infos.get(e.source)!;
    const tgt = infos.get(e.target)!;
    if (e.source === e.target) {
      problems.push({ code: SELF_LOOP, severity: 'error', nodeId: e.source, edgeId: e.id, message: `${src.name}: edge "${e.id}" connects the node to itself` });
    }
    if (src.outputs && !src.outputs.some((p) => p.id === e.sourcePort)) {
      const have = src.outputs.length ? `its outputs are ${src.outputs.map((p) => `"${p.id}"`).join(', ')}` : 'it has no outputs';
      problems.push({
        code: UNKNOWN_PORT,
        severity: 'error',
        nodeId: e.source,
        edgeId: e.id,
        message: `${src.name}: edge "${e.id}" leaves through port "${e.sourcePort}", which the node does not have (${have}); was a branch or outcome renamed?`,
      });
    }
    if (tgt.inputs && !tgt.inputs.some((p) => p.id === e.targetPort)) {
      const message =
        tgt.def?.behavior === 'trigger'
          ? `${tgt.name}: edge "${e.id}" leads into the trigger, which has no input; a trigger only starts runs`
          : `${tgt.name}: edge "${e.id}" enters through port "${e.targetPort}", which the node does not have (its inputs are ${tgt.inputs.map((p) => `"${p.id}"`).join(', ') || 'none'})`;
      problems.push({ code: UNKNOWN_PORT, severity: 'error', nodeId: e.target, edgeId: e.id, message });
    }
    const key = `${e.source}\u0000${e.sourcePort}`;
    byPort.set(key, [...(byPort.get(key) ?? []), e]);
  }
  for (const list of byPort.values()) {
    const first = list[0]!;
    const src = infos.get(first.source)!;
    if (list.length < 2 || !src.def || src.def.behavior === 'parallelSplit') continue;
    problems.push({
      code: MULTIPLE_EDGES_FROM_PORT,
      severity: 'error',
      nodeId: first.source,
      edgeId: list[1]!.id,
      message: `${src.name}: output ${portName(src, first.sourcePort)} has ${list.length} edges (${list.map((e) => e.id).join(', ')}); only a parallel split can start several branches`,
    });
  }
}

function checkConnectivity(edges: WorkflowEdge[], infos: Map<string, NodeInfo>, problems: Problem[]): void {
  const incoming = new Map<string, number>();
  const fromPort = new Set<string>();
  const next = adjacency(edges);
  const handlers = compensationHandlers(edges, infos);
  for (const e of edges) {
    if (e.source !== e.target) incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
    fromPort.add(`${e.source}\u0000${e.sourcePort}`);
  }
  const triggers = [...infos.values()].filter((i) => i.def?.behavior === 'trigger').map((i) => i.node.id);
  const reached = new Set(triggers);
  const queue = [...triggers];
  for (let i = 0; i < queue.length; i++) {
    for (const t of next.get(queue[i]!) ?? []) {
      if (!reached.has(t)) {
        reached.add(t);
        queue.push(t);
      }
    }
  }
  problems.push(...cutOffProblems(infos, next, incoming, reached, triggers.length > 0));
  for (const info of infos.values()) {
    const { node, name } = info;
    if (!info.def) continue;
    for (const port of info.outputs ?? []) {
      if (port.required && !handlers.has(node.id) && !fromPort.has(`${node.id}\u0000${port.id}`)) {
        problems.push({ code: OUTPUT_UNCONNECTED, severity: 'error', nodeId: node.id, message: `${name}: output ${portName(info, port.id)} is not connected` });
      }
    }
  }
}

function portName(info: NodeInfo, portId: string): string {
  const port = info.outputs?.find((p) => p.id === portId);
  return port && port.label !== port.id ? `"${port.label}" (${port.id})` : `"${portId}"`;
}

function portsOf(get: () => unknown): PortSpec[] | undefined {
  const ports = safeCall(get);
  if (!Array.isArray(ports)) return undefined;
  return ports.every((p) => p && typeof p === 'object' && typeof (p as PortSpec).id === 'string') ? (ports as PortSpec[]) : undefined;
}

function safeCall<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
