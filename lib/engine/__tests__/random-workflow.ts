/**
 * Random well-formed workflows for the engine's property tests, built from a
 * small block grammar so every generated graph is structured (BPMN "well-formed":
 * every split has its join, every loop its exit):
 *
 *   block = task (retry policy?, error path?, compensation handler?) | wait
 *         | seq(block, block, …) | parallel(block, block, …) | inclusive(block, …)
 *         | exclusive(block, …) | loop(block, k iterations)
 *
 * Each block is given its executor outcomes as data (tables indexed by activation
 * number and attempt), so the engine run (through the test driver) and the
 * independent reference interpreter below see the same "world".
 */
import fc from 'fast-check';
import type { WorkflowDocument } from '../../workflow/document';
import type { Outcome, Script } from './drive';
import { T0 } from './drive';

/** One attempt of a task: success, a retryable failure, a fatal one. */
export type Attempt = 'ok' | 'retry' | 'fatal';

export type Block =
  | { kind: 'task'; table: Attempt[]; retry: number | null; errorPath: Block | null; compensate: { fails: boolean } | null }
  | { kind: 'wait' }
  | { kind: 'seq'; items: Block[] }
  | { kind: 'parallel'; branches: Block[] }
  /** `masks[n % len]`: which non-default branches the n-th activation takes (none → `default`). */
  | { kind: 'inclusive'; branches: Block[]; withDefault: boolean; masks: number[] }
  /** `picks[n % len]`: branch index; `branches.length` means `default` with no default branch drawn. */
  | { kind: 'exclusive'; branches: Block[]; withDefault: boolean; picks: number[] }
  /** The body runs `iterations + 1` times per entry. */
  | { kind: 'loop'; body: Block; iterations: number };

export interface Scenario {
  block: Block;
  /** `settings.maxIterations`, or undefined for the default (1000). */
  maxIterations: number | undefined;
  /** Send `run.cancel` after this many events, if the run is still active. */
  cancelAfter: number | undefined;
}

const attempt = fc.oneof({ arbitrary: fc.constant<Attempt>('ok'), weight: 8 }, { arbitrary: fc.constant<Attempt>('retry'), weight: 3 }, { arbitrary: fc.constant<Attempt>('fatal'), weight: 1 });

/** fast-check arbitrary of scenarios (graphs of up to a few dozen nodes). */
export function scenarioArb(): fc.Arbitrary<Scenario> {
  const { block } = fc.letrec<{ block: Block }>((tie) => {
    const branches = fc.array(tie('block'), { minLength: 2, maxLength: 3 });
    const task = fc.record({
      kind: fc.constant('task' as const),
      table: fc.array(attempt, { minLength: 1, maxLength: 4 }),
      retry: fc.option(fc.integer({ min: 2, max: 3 }), { nil: null, freq: 2 }),
      errorPath: fc.option(tie('block'), { nil: null, freq: 3 }),
      compensate: fc.option(fc.record({ fails: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }) }), { nil: null, freq: 3 }),
    });
    return {
      block: fc.oneof(
        { depthSize: 'small', maxDepth: 4, depthIdentifier: 'block' },
        { arbitrary: task, weight: 5 },
        { arbitrary: fc.constant({ kind: 'wait' as const }), weight: 1 },
        { arbitrary: fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }), weight: 2 },
        { arbitrary: fc.record({ kind: fc.constant('parallel' as const), branches }), weight: 2 },
        {
          arbitrary: fc.record({ kind: fc.constant('inclusive' as const), branches, withDefault: fc.boolean(), masks: fc.array(fc.nat(7), { minLength: 1, maxLength: 3 }) }),
          weight: 2,
        },
        {
          arbitrary: fc.record({ kind: fc.constant('exclusive' as const), branches, withDefault: fc.boolean(), picks: fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }) }),
          weight: 2,
        },
        { arbitrary: fc.record({ kind: fc.constant('loop' as const), body: tie('block'), iterations: fc.integer({ min: 0, max: 2 }) }), weight: 1 },
      ),
    };
  });
  return fc.record({
    block,
    maxIterations: fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined, freq: 4 }),
    cancelAfter: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined, freq: 6 }),
  });
}

/** Attempt outcome of a task's n-th activation (1-based), attempt a (1-based). */
export function attemptOf(table: Attempt[], n: number, a: number): Attempt {
  return table[(n * 3 + a) % table.length]!;
}

/** Ports of an inclusive or exclusive gateway block: `b0`, `b1`, … with the last one `default` when it has a default branch. */
export function portsOf(b: { branches: Block[]; withDefault: boolean }): string[] {
  return b.branches.map((_, i) => (b.withDefault && i === b.branches.length - 1 ? 'default' : `b${i}`));
}

/** Ports the inclusive gateway takes on its n-th activation. */
export function inclusivePorts(b: Extract<Block, { kind: 'inclusive' }>, n: number): string[] {
  const mask = b.masks[n % b.masks.length]!;
  const ports = portsOf(b).filter((p, i) => p !== 'default' && mask & (1 << i));
  return ports.length ? ports : ['default'];
}

/** Port the exclusive gateway takes on its n-th activation (`default` may have no edge). */
export function exclusivePort(b: Extract<Block, { kind: 'exclusive' }>, n: number): string {
  const ports = portsOf(b);
  const choices = b.withDefault ? ports.length : ports.length + 1;
  const i = b.picks[n % b.picks.length]! % choices;
  return i < ports.length ? ports[i]! : 'default';
}

/** Whether a loop's check takes the back edge on its n-th activation. */
export function loopAgain(iterations: number, n: number): boolean {
  return n % (iterations + 1) !== 0;
}

type Exit = { node: string; port: string };

/** A built scenario: the document, the scripted executors, and what the reference needs. */
export interface BuiltScenario {
  /** A fresh copy of the scenario's block tree: one object per block, the keys of `ids`. */
  block: Block;
  doc: WorkflowDocument;
  script: Script;
  /** Node id of each block object (tasks, gateways, loops, splits: the block's own node). */
  ids: Map<Block, { node: string; join?: string; handler?: string }>;
  /** Compensation handler node ids. */
  handlers: Set<string>;
}

/** Builds the document (trigger → block → End) and the scripted outcomes of every node. */
export function buildScenario(s: Scenario): BuiltScenario {
  const nodes: WorkflowDocument['nodes'] = [];
  const edges: WorkflowDocument['edges'] = [];
  const script: Script = {};
  const ids = new Map<Block, { node: string; join?: string; handler?: string }>();
  const handlers = new Set<string>();
  let counter = 0;
  const add = (prefix: string, type: string, config: Record<string, unknown> = {}) => {
    const id = `${prefix}${++counter}`;
    nodes.push({ id, type, position: { x: 0, y: 0 }, config });
    return id;
  };
  const link = (source: string, sourcePort: string, target: string) => edges.push({ id: `e${edges.length + 1}`, source, sourcePort, target, targetPort: 'in' });
  const connect = (exits: Exit[], target: string) => exits.forEach((x) => link(x.node, x.port, target));

  const build = (b: Block): { entry: string; exits: Exit[] } => {
    switch (b.kind) {
      case 'task': {
        const retry = b.retry === null ? undefined : { maxAttempts: b.retry, initialIntervalMs: 10, backoffFactor: 2, maxIntervalMs: 100, jitter: 0 };
        const id = add('t', 'transform', { expression: '$input', ...(retry ? { retry } : {}) });
        ids.set(b, { node: id });
        script[id] = (n, a): Outcome => {
          const o = attemptOf(b.table, n, a);
          return o === 'ok' ? { output: { n, a } } : { fail: { message: `${id} attempt ${a} failed`, code: o === 'retry' ? 'NETWORK' : 'HTTP_400', retryable: o === 'retry' } };
        };
        const exits: Exit[] = [{ node: id, port: 'out' }];
        if (b.errorPath) {
          const ep = build(b.errorPath);
          link(id, 'error', ep.entry);
          exits.push(...ep.exits);
        }
        if (b.compensate) {
          const h = add('h', 'transform', { expression: '$input' });
          handlers.add(h);
          ids.get(b)!.handler = h;
          link(id, 'compensation', h);
          const fails = b.compensate.fails;
          script[h] = (): Outcome => (fails ? { fail: `${h} could not undo` } : { output: 'undone' });
        }
        return { entry: id, exits };
      }
      case 'wait': {
        const id = add('w', 'wait', { mode: 'milliseconds', milliseconds: 1000 });
        ids.set(b, { node: id });
        script[id] = { wait: T0 + 1_000_000 };
        return { entry: id, exits: [{ node: id, port: 'out' }] };
      }
      case 'seq': {
        const parts = b.items.map(build);
        parts.slice(1).forEach((p, i) => connect(parts[i]!.exits, p.entry));
        return { entry: parts[0]!.entry, exits: parts.at(-1)!.exits };
      }
      case 'parallel': {
        const split = add('s', 'parallelSplit');
        const join = add('j', 'parallelJoin');
        ids.set(b, { node: split, join });
        for (const branch of b.branches) {
          const p = build(branch);
          link(split, 'out', p.entry);
          connect(p.exits, join);
        }
        return { entry: split, exits: [{ node: join, port: 'out' }] };
      }
      case 'inclusive': {
        const gw = add('g', 'inclusiveGateway');
        const join = add('ij', 'inclusiveJoin');
        ids.set(b, { node: gw, join });
        const ports = portsOf(b);
        b.branches.forEach((branch, i) => {
          const p = build(branch);
          link(gw, ports[i]!, p.entry);
          connect(p.exits, join);
        });
        script[gw] = (n): Outcome => ({ ports: inclusivePorts(b, n) });
        return { entry: gw, exits: [{ node: join, port: 'out' }] };
      }
      case 'exclusive': {
        const gw = add('x', 'exclusiveGateway');
        ids.set(b, { node: gw });
        const ports = portsOf(b);
        const exits: Exit[] = [];
        b.branches.forEach((branch, i) => {
          const p = build(branch);
          link(gw, ports[i]!, p.entry);
          exits.push(...p.exits);
        });
        script[gw] = (n): Outcome => ({ port: exclusivePort(b, n) });
        return { entry: gw, exits };
      }
      case 'loop': {
        const body = build(b.body);
        const check = add('l', 'exclusiveGateway');
        ids.set(b, { node: check });
        connect(body.exits, check);
        link(check, 'again', body.entry);
        script[check] = (n): Outcome => ({ port: loopAgain(b.iterations, n) ? 'again' : 'default' });
        return { entry: body.entry, exits: [{ node: check, port: 'default' }] };
      }
    }
  };

  // Generated trees may share one object in several places (fc.constant); copy so every block is its own object.
  const block = JSON.parse(JSON.stringify(s.block)) as Block;
  const start = add('start', 'manualTrigger');
  const body = build(block);
  const done = add('done', 'end');
  link(start, 'out', body.entry);
  connect(body.exits, done);
  const doc: WorkflowDocument = { schemaVersion: 1, name: 'random', description: '', nodes, edges, ...(s.maxIterations ? { settings: { maxIterations: s.maxIterations } } : {}) };
  return { block, doc, script, ids, handlers };
}
