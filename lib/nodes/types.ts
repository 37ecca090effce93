/**
 * The node-type registry's contract. A node type is defined once, in its own folder
 * under `lib/nodes/<type>/`: `definition.ts` (pure, shared by browser, server and
 * engine: config schema, defaults, ports, canvas look) and, for types that do work,
 * `executor.ts` (server only). Nothing else in the code switches on a node type.
 */
import type { z } from 'zod';
import { COMPENSATION_PORT as COMPENSATION_PORT_ID, ERROR_PORT as ERROR_PORT_ID } from '../engine/ports';
import type { NodeBehavior } from '../engine/types';

export type { NodeBehavior };

/** A connection point on a node. `id` is stable and referenced by edges. */
export interface PortSpec {
  id: string;
  label: string;
  /** An output port that must have an edge for the workflow to be runnable. Inputs are always required. */
  required?: boolean;
}

export type NodeCategory = 'Triggers' | 'Actions' | 'Flow' | 'People';

/** A node type's single definition. `C` is the parsed config type. */
export interface NodeTypeDefinition<C = Record<string, unknown>> {
  /** Stable type id stored in documents, e.g. `http`. */
  type: string;
  label: string;
  description: string;
  /** Other words people search the palette and the node picker with ("approval" finds the user task). */
  keywords?: readonly string[];
  category: NodeCategory;
  /** Icon key understood by the canvas (see components/nodes/icons.tsx). */
  icon: string;
  /** Accent colour (CSS colour) of the node card and palette entry. */
  accent: string;
  behavior: NodeBehavior;
  /** zod schema of `node.config`; the config form is generated from it (via JSON Schema with `.meta()` hints). */
  configSchema: z.ZodType<C>;
  /** Config of a freshly added node. Must be a value `configSchema` accepts except where the user must fill something in. */
  defaults: () => C;
  /** Input ports. Triggers have none. */
  inputs: (config: C) => PortSpec[];
  /** Output ports, possibly derived from config (gateway branches, user task outcomes). */
  outputs: (config: C) => PortSpec[];
  /**
   * The executor is quick and has no side effects outside the run (no I/O): the runner may
   * run it inside the transition that activates the step and commit both together,
   * instead of queueing a job. Nothing outside the run sees it before that commit.
   */
  inline?: boolean;
  /**
   * One line shown on the canvas card under the label (e.g. `GET /api/demo/credit-check`).
   * `names` turns stored ids into what people read (person and group names) when the
   * app knows them; without it ids are shown.
   */
  summary?: (config: C, names?: NameLookup) => string;
}

/** Display names for ids stored in configs; unknown ids come back unchanged. */
export interface NameLookup {
  person(id: string): string;
  group(id: string): string;
}

/** Helper that keeps the config type while erasing it for the registry array. */
export function defineNodeType<C>(def: NodeTypeDefinition<C>): NodeTypeDefinition<C> {
  return def;
}

/** The single input port most nodes have. */
export const IN_PORT: PortSpec = { id: 'in', label: 'in' };
/** The single required output port most nodes have. */
export const OUT_PORT: PortSpec = { id: 'out', label: 'out', required: true };
/**
 * The optional error output of task nodes: taken when the step fails after its
 * retries (BPMN boundary error event, Step Functions `Catch`); the error is
 * `$steps.<nodeId>.error`. Without an edge here a failure fails the run.
 */
export const ERROR_PORT: PortSpec = { id: ERROR_PORT_ID, label: 'on error' };
/**
 * The optional compensation output of task nodes with side effects: its edge leads
 * to the node's compensation handler (BPMN 2.0 §10.7), a task that undoes this one.
 * Handlers run only when the run fails or reaches a compensating End, in reverse
 * completion order; they are not part of the normal flow.
 */
export const COMPENSATION_PORT: PortSpec = { id: COMPENSATION_PORT_ID, label: 'compensate' };
