/**
 * Safe access to a node's ports and summary. The registry's `inputs`/`outputs`/
 * `summary` expect a parsed config; a draft may hold anything, so these fall back
 * to the raw config over the type's defaults and never throw.
 */
import { getNodeType } from '@/lib/nodes/registry';
import type { NameLookup, PortSpec } from '@/lib/nodes/types';

/**
 * {@link parseBasis} by config object: the canvas asks for a node's inputs, outputs and
 * summary, and the edges for its port labels, each needing the parsed config; with
 * 2,000 nodes parsing once instead of four times is much of opening a workflow.
 * Invariant relied on (as by the validator's cache): a config object is never mutated.
 * Weak keys: nothing is kept alive.
 */
const basisCache = new WeakMap<object, { type: string; basis: unknown }>();

function basisConfig(type: string, config: Record<string, unknown>): unknown {
  if (config === null || typeof config !== 'object') return parseBasis(type, config);
  const hit = basisCache.get(config);
  if (hit && hit.type === type) return hit.basis;
  const basis = parseBasis(type, config);
  basisCache.set(config, { type, basis });
  return basis;
}

function parseBasis(type: string, config: Record<string, unknown>): unknown {
  const def = getNodeType(type);
  if (!def) return config;
  try {
    const r = def.configSchema.safeParse(config ?? {});
    if (r.success) return r.data;
  } catch {
    // fall through
  }
  let defaults: Record<string, unknown> = {};
  try {
    defaults = def.defaults() as Record<string, unknown>;
  } catch {
    // ignore
  }
  return { ...defaults, ...(config ?? {}) };
}

function safePorts(get: () => unknown): PortSpec[] {
  try {
    const ports = get();
    if (!Array.isArray(ports)) return [];
    return ports.filter((p): p is PortSpec => !!p && typeof p === 'object' && typeof (p as PortSpec).id === 'string').map((p) => ({
      id: p.id,
      label: typeof p.label === 'string' && p.label ? p.label : p.id,
      required: p.required,
    }));
  } catch {
    return [];
  }
}

/** Input ports of a node (empty for triggers; one `in` for an unknown type, so its edges still draw). */
export function nodeInputs(type: string, config: Record<string, unknown>): PortSpec[] {
  const def = getNodeType(type);
  if (!def) return [{ id: 'in', label: 'in' }];
  const basis = basisConfig(type, config);
  return safePorts(() => def.inputs(basis));
}

/** Output ports of a node, derived from its config (gateway branches, user task outcomes). */
export function nodeOutputs(type: string, config: Record<string, unknown>): PortSpec[] {
  const def = getNodeType(type);
  if (!def) return [];
  const basis = basisConfig(type, config);
  return safePorts(() => def.outputs(basis));
}

/** The one-line summary shown on the card (ids shown as `names` when given), or '' when the type has none or it fails. */
export function nodeSummary(type: string, config: Record<string, unknown>, names?: NameLookup): string {
  const def = getNodeType(type);
  if (!def?.summary) return '';
  try {
    const s = def.summary(basisConfig(type, config), names);
    return typeof s === 'string' ? s : '';
  } catch {
    return '';
  }
}

/**
 * Optional side outputs of task nodes (`error`, `compensation`): drawn as small
 * handles on the card's right/left edge instead of along the bottom, so a node whose
 * only primary output is `out` keeps one centred, unlabelled handle.
 */
export type SidePortKind = 'error' | 'compensation';

const SIDE_PORT_IDS: ReadonlySet<string> = new Set<SidePortKind>(['error', 'compensation']);

/** Whether `p` is an optional side output (`error`/`compensation` without `required`). */
export function isSidePort(p: PortSpec): boolean {
  return !p.required && SIDE_PORT_IDS.has(p.id);
}

/**
 * Splits outputs into the primary ones (bottom edge: `out`, gateway branches, user task
 * outcomes; labelled only when there are several) and the optional side ones, in order.
 */
export function splitOutputs(outputs: readonly PortSpec[]): { main: PortSpec[]; side: PortSpec[] } {
  const main: PortSpec[] = [];
  const side: PortSpec[] = [];
  for (const p of outputs) (isSidePort(p) ? side : main).push(p);
  return { main, side };
}
