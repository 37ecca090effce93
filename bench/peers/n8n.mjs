/**
 * n8n peer for Baton's benchmark: n8n-core's WorkflowExecute on n8n-workflow's Workflow,
 * in memory, in this process (no database, no queue, no n8n server).
 *
 * Node types are defined here (n8n-nodes-base is not installed) with the same `execute`
 * bodies as n8n's own nodes:
 *  - bench.trigger  start node; a trigger type, so outside 'manual' mode WorkflowExecute
 *                   passes the trigger item through, as it does for production executions
 *  - bench.noop     the NoOp node ("No Operation, do nothing"): returns its input items
 *  - bench.join     a NoOp with N main inputs (n8n's Merge node has at most 10), executed
 *                   once when all inputs have data (execution order v1)
 *  - bench.wait     the Wait node in "Resume: On Webhook Call" mode: putExecutionToWait(
 *                   WAIT_INDEFINITELY) and return the input items
 * Workflow JSON is generated here. Every run builds its own Workflow from that JSON (as n8n
 * does per execution) with settings.executionOrder 'v1', the default for new workflows.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { installedVersion } from './versions.mjs';

const require = createRequire(import.meta.url);

// n8n-core's DI services read/write an instance folder (~/.n8n by default): keep it in tmp.
if (!process.env.N8N_USER_FOLDER) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-n8n-'));
  process.env.N8N_USER_FOLDER = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}

// CommonJS on purpose: n8n-workflow's ESM build has extensionless imports Node cannot load,
// and n8n-core (CommonJS) must see the same n8n-workflow instance as this file.
const { WorkflowExecute, ExecutionLifecycleHooks } = require('n8n-core');
const { Workflow, WAIT_INDEFINITELY } = require('n8n-workflow');

const versions = { 'n8n-core': installedVersion('n8n-core'), 'n8n-workflow': installedVersion('n8n-workflow') };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = () => globalThis.gc?.();
const settle = () => new Promise((r) => setImmediate(r));

const description = (name, inputs, outputs) => ({
  displayName: name,
  name,
  group: ['transform'],
  version: 1,
  description: '',
  defaults: { name },
  inputs,
  outputs,
  properties: [],
});

const joinTypes = new Map();
const baseTypes = {
  'bench.trigger': {
    description: { ...description('bench.trigger', [], ['main']), group: ['trigger'] },
    async trigger() {
      return {};
    },
  },
  'bench.noop': {
    description: description('bench.noop', ['main'], ['main']),
    async execute() {
      return [this.getInputData()];
    },
  },
  'bench.wait': {
    description: description('bench.wait', ['main'], ['main']),
    async execute() {
      await this.putExecutionToWait(WAIT_INDEFINITELY);
      return [this.getInputData()];
    },
  },
};
function typeOf(name) {
  if (baseTypes[name]) return baseTypes[name];
  const m = /^bench\.join(\d+)$/.exec(name);
  if (!m) return undefined;
  if (!joinTypes.has(name)) {
    const n = Number(m[1]);
    joinTypes.set(name, {
      description: description(name, Array.from({ length: n }, () => 'main'), ['main']),
      async execute() {
        return [[{ json: {} }]];
      },
    });
  }
  return joinTypes.get(name);
}
const nodeTypes = {
  getByName: typeOf,
  getByNameAndVersion: typeOf,
  getKnownTypes: () => ({}),
};

const node = (name, type) => ({ id: name, name, type, typeVersion: 1, position: [0, 0], parameters: {} });
const to = (target, index = 0) => ({ node: target, type: 'main', index });

/** start → s1 → … → sN */
export function chainWorkflow(n) {
  const nodes = [node('start', 'bench.trigger')];
  const connections = {};
  let prev = 'start';
  for (let i = 1; i <= n; i++) {
    nodes.push(node(`s${i}`, 'bench.noop'));
    connections[prev] = { main: [[to(`s${i}`)]] };
    prev = `s${i}`;
  }
  return { name: `chain ${n}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** start → b1…bN (one output, N connections) → join (N inputs) → done */
export function fanWorkflow(n) {
  const nodes = [node('start', 'bench.trigger'), node('join', `bench.join${n}`), node('done', 'bench.noop')];
  const connections = { start: { main: [[]] }, join: { main: [[to('done')]] } };
  for (let i = 1; i <= n; i++) {
    nodes.push(node(`b${i}`, 'bench.noop'));
    connections.start.main[0].push(to(`b${i}`));
    connections[`b${i}`] = { main: [[to('join', i - 1)]] };
  }
  return { name: `fan ${n}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** start → wait (resume on webhook) → done */
export function parkedWorkflow() {
  return {
    name: 'parked',
    nodes: [node('start', 'bench.trigger'), node('wait', 'bench.wait'), node('done', 'bench.noop')],
    connections: { start: { main: [[to('wait')]] }, wait: { main: [[to('done')]] } },
    settings: { executionOrder: 'v1' },
  };
}

let executionNo = 0;
function workflowOf(json) {
  return new Workflow({
    id: json.name,
    name: json.name,
    // Workflow writes parameter defaults into its node objects: give each run its own.
    nodes: json.nodes.map((n) => ({ ...n })),
    connections: json.connections,
    active: true,
    nodeTypes,
    settings: json.settings,
  });
}
function additionalDataOf(json, executionId, restart = false) {
  const hooks = new ExecutionLifecycleHooks('trigger', executionId, { id: json.name, name: json.name, nodes: json.nodes, connections: json.connections, active: true, settings: json.settings });
  return {
    hooks,
    executionId,
    restartExecutionId: restart ? executionId : undefined,
    restApiUrl: '',
    instanceBaseUrl: '',
    formWaitingBaseUrl: '',
    webhookBaseUrl: '',
    webhookWaitingBaseUrl: '',
    webhookTestBaseUrl: '',
    variables: {},
  };
}

/** Start one execution; resolves with its Workflow and n8n's IRun. */
function start(json, input = {}) {
  const executionId = String(++executionNo);
  const workflow = workflowOf(json);
  const run = new WorkflowExecute(additionalDataOf(json, executionId), 'trigger').run({
    workflow,
    startNode: workflow.getNode('start'),
    triggerToStartFrom: { name: 'start', data: { data: { main: [[{ json: input }]] } } },
  });
  return run.then((r) => ({ executionId, workflow, r }));
}

/**
 * Resume a waiting execution as n8n's waiting-webhook path does: the webhook's output goes
 * into the stack entry of the waiting node, then processRunExecutionData with
 * restartExecutionId set (WorkflowExecute skips the waiting node's execute and passes on).
 */
function resume(json, { executionId, workflow, r }, body) {
  r.data.executionData.nodeExecutionStack[0].data.main = [[{ json: body }]];
  return new WorkflowExecute(additionalDataOf(json, executionId, true), 'trigger', r.data).processRunExecutionData(workflow);
}

function check(r, status, lastNode, nodesRun) {
  if (r.status !== status || r.data.resultData.error || r.data.resultData.lastNodeExecuted !== lastNode) {
    throw new Error(`n8n run ended ${r.status} at ${r.data.resultData.lastNodeExecuted}: ${r.data.resultData.error?.message ?? ''}`);
  }
  const ran = Object.keys(r.data.resultData.runData).length;
  if (nodesRun !== undefined && ran !== nodesRun) throw new Error(`n8n run executed ${ran} nodes, expected ${nodesRun}`);
}

async function w1(json) {
  const t0 = performance.now();
  const { r } = await start(json);
  const ms = performance.now() - t0;
  check(r, 'success', 's1000', json.nodes.length);
  return 1000 / (ms / 1000);
}

async function w2(json) {
  const t0 = performance.now();
  const { r } = await start(json);
  const ms = performance.now() - t0;
  check(r, 'success', 'done', json.nodes.length);
  if (r.data.resultData.runData.join.length !== 1) throw new Error('join ran more than once');
  return ms;
}

async function w3(json, runs) {
  const t0 = performance.now();
  const all = [];
  for (let i = 0; i < runs; i++) all.push(start(json, { i }));
  const results = await Promise.all(all);
  const ms = performance.now() - t0;
  for (const { r } of results) check(r, 'success', 's10', json.nodes.length);
  return runs / (ms / 1000);
}

async function w4(json, runs) {
  await settle();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const all = [];
  for (let i = 0; i < runs; i++) all.push(start(json, { i }));
  // What stays in memory per parked run: its Workflow and its IRun (whose data is the
  // IRunExecutionData n8n stores for a waiting execution), i.e. what resuming needs.
  const parked = [];
  for (const p of await Promise.all(all)) {
    check(p.r, 'waiting', 'wait');
    parked.push(p);
  }
  all.length = 0;
  const parkMs = performance.now() - t0;
  await settle();
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const resumed = [];
  for (const p of parked) resumed.push(resume(json, p, { outcome: 'ok' }));
  const results = await Promise.all(resumed);
  const resumeMs = performance.now() - t1;
  for (const r of results) check(r, 'success', 'done', json.nodes.length);
  return { heapPerRun: Math.max(0, heap1 - heap0) / runs, parkMs, resumeMs };
}

/** @param {{ reps?: number, w3Runs?: number, w4Runs?: number }} opts */
export async function run({ reps = 5, w3Runs = 2000, w4Runs = 10_000 } = {}) {
  const j1 = chainWorkflow(1000);
  const j2 = fanWorkflow(200);
  const j3 = chainWorkflow(10);
  const j4 = parkedWorkflow();
  const r1 = [];
  const r2 = [];
  const r3 = [];
  const r4 = [];
  for (let i = 0; i < reps; i++) {
    gc();
    r1.push(await w1(j1));
    gc();
    r2.push(await w2(j2));
    gc();
    r3.push(await w3(j3, w3Runs));
    gc();
    r4.push(await w4(j4, w4Runs));
  }
  const heap = median(r4.map((x) => x.heapPerRun));
  const resumeMs = median(r4.map((x) => x.resumeMs));
  const parkMs = median(r4.map((x) => x.parkMs));
  return {
    engine: 'n8n-core',
    version: versions['n8n-core'],
    versions,
    w1StepsPerSec: Math.round(median(r1)),
    w2WallMs: +median(r2).toFixed(1),
    w3RunsPerSec: Math.round(median(r3)),
    w4HeapBytesPerParkedRun: Math.round(heap),
    w4ResumeAllMs: Math.round(resumeMs),
    w4Runs,
    w4ParkAllMs: Math.round(parkMs),
    samples: { w1: r1.map(Math.round), w2: r2.map((x) => +x.toFixed(1)), w3: r3.map(Math.round), w4HeapBytes: r4.map((x) => Math.round(x.heapPerRun)), w4ResumeMs: r4.map((x) => Math.round(x.resumeMs)) },
    notes: [
      `WorkflowExecute in memory, mode 'trigger', executionOrder v1; node types defined in the harness with n8n's NoOp / Wait (resume on webhook) execute bodies`,
      `medians of ${reps} for every shape, W4 included`,
      `W4: kept per parked run = its Workflow + IRun (IRunExecutionData is what n8n stores for a waiting execution; n8n itself keeps it in its database, not in memory); resume puts the webhook body into the stack and calls processRunExecutionData, as n8n's waiting-webhook path does; park all ${Math.round(parkMs)} ms`,
    ].join('; '),
  };
}
