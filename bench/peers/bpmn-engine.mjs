/**
 * bpmn-engine peer for Baton's benchmark: the four shapes, in memory, in this process.
 *
 * No-op step = a <serviceTask> whose implementation is `${environment.services.noop}`, a
 * function that yields once (setImmediate) and calls next(). A plain <task>, or a service
 * that calls next() synchronously, runs the whole chain on one call stack and overflows it
 * (RangeError: Maximum call stack size exceeded) somewhere between 300 and 1,000 steps.
 *
 * The XML of each shape is generated here, parsed and serialized once (bpmn-moddle +
 * moddle-context-serializer, i.e. "published"), and every run gets a new Engine on that
 * serialized context (`sourceContext`), so parsing is outside every timing.
 */
import { EventEmitter } from 'node:events';
import { installedVersion } from './versions.mjs';

const version = installedVersion('bpmn-engine');
const { Engine } = await import('bpmn-engine');
const { default: BpmnModdle } = await import('bpmn-moddle');
const Elements = await import('bpmn-elements');
const { default: serialize, TypeResolver } = await import('moddle-context-serializer');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = () => globalThis.gc?.();
const settle = () => new Promise((r) => setImmediate(r));

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench" targetNamespace="http://baton.bench/peers">\n' +
  '<process id="p" isExecutable="true">\n';
const TAIL = '</process>\n</definitions>\n';

const noop = (id) => `<serviceTask id="${id}" implementation="\${environment.services.noop}"/>\n`;
let flowNo = 0;
const flow = (source, target) => `<sequenceFlow id="f${++flowNo}" sourceRef="${source}" targetRef="${target}"/>\n`;

/** start → s1 → … → sN → end */
export function chainXml(n) {
  let x = '<startEvent id="start"/>\n';
  let prev = 'start';
  for (let i = 1; i <= n; i++) {
    x += noop(`s${i}`) + flow(prev, `s${i}`);
    prev = `s${i}`;
  }
  x += '<endEvent id="done"/>\n' + flow(prev, 'done');
  return HEAD + x + TAIL;
}

/** start → parallelGateway split → b1…bN → parallelGateway join → end */
export function fanXml(n) {
  let x = '<startEvent id="start"/>\n<parallelGateway id="split"/>\n<parallelGateway id="join"/>\n<endEvent id="done"/>\n';
  x += flow('start', 'split') + flow('join', 'done');
  for (let i = 1; i <= n; i++) x += noop(`b${i}`) + flow('split', `b${i}`) + flow(`b${i}`, 'join');
  return HEAD + x + TAIL;
}

/** start → userTask → end */
export function parkedXml() {
  return HEAD + '<startEvent id="start"/>\n<userTask id="task"/>\n<endEvent id="done"/>\n' + flow('start', 'task') + flow('task', 'done') + TAIL;
}

const services = {
  noop(_executionContext, next) {
    setImmediate(next);
  },
};

/** Parse + serialize once; the result is shared by every Engine of that shape. */
async function publish(xml) {
  const moddleContext = await new BpmnModdle().fromXML(xml);
  return serialize(moddleContext, TypeResolver(Elements));
}

function startRun(sourceContext, extra = {}) {
  const engine = new Engine({ name: 'run', sourceContext, services, ...extra });
  const done = new Promise((resolve, reject) => {
    engine.once('end', resolve);
    engine.once('error', reject);
  });
  const started = engine.execute();
  return { engine, started, done };
}

async function w1(ctx) {
  const t0 = performance.now();
  const r = startRun(ctx);
  await r.started;
  await r.done;
  const ms = performance.now() - t0;
  return 1000 / (ms / 1000);
}

async function w2(ctx) {
  const t0 = performance.now();
  const r = startRun(ctx);
  await r.started;
  await r.done;
  return performance.now() - t0;
}

async function w3(ctx, runs) {
  const t0 = performance.now();
  const all = [];
  for (let i = 0; i < runs; i++) all.push(startRun(ctx, { variables: { i } }));
  await Promise.all(all.map((r) => r.started));
  await Promise.all(all.map((r) => r.done));
  const ms = performance.now() - t0;
  return runs / (ms / 1000);
}

async function w4(ctx, runs) {
  // One listener shared by every run, so it adds nothing per run.
  const listener = new EventEmitter();
  let waiting = 0;
  listener.on('wait', () => waiting++);
  await settle();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const parked = [];
  for (let i = 0; i < runs; i++) parked.push(startRun(ctx, { listener, variables: { i } }));
  const executions = await Promise.all(parked.map((r) => r.started));
  while (waiting < runs) await settle();
  const parkMs = performance.now() - t0;
  await settle();
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  for (const execution of executions) execution.signal({ id: 'task' });
  await Promise.all(parked.map((r) => r.done));
  const resumeMs = performance.now() - t1;
  return { heapPerRun: Math.max(0, heap1 - heap0) / runs, parkMs, resumeMs };
}

/**
 * @param {{ reps?: number, w3Runs?: number, w4Runs?: number, w3Reps?: number }} opts
 */
export async function run({ reps = 5, w3Runs = 2000, w3Reps, w4Runs = 10_000 } = {}) {
  const [ctx1, ctx2, ctx3, ctx4] = await Promise.all([publish(chainXml(1000)), publish(fanXml(200)), publish(chainXml(10)), publish(parkedXml())]);
  const r1 = [];
  const r2 = [];
  const r3 = [];
  const n3 = w3Reps ?? reps;
  for (let i = 0; i < reps; i++) {
    gc();
    r1.push(await w1(ctx1));
    gc();
    r2.push(await w2(ctx2));
    if (i < n3) {
      gc();
      r3.push(await w3(ctx3, w3Runs));
    }
  }
  gc();
  const r4 = await w4(ctx4, w4Runs);
  const notes = [
    `no-op step = serviceTask calling a service that does setImmediate(next) (a plain <task> overflows the call stack on the 1,000-step chain)`,
    `definitions parsed once per shape, each run a new Engine on the shared serialized context`,
    `W1-W3 medians of ${reps}${n3 !== reps ? ` (W3 median of ${n3})` : ''}; W4 measured once`,
    `W4: ${w4Runs} runs parked at a userTask (park all ${Math.round(r4.parkMs)} ms), resumed with execution.signal({ id: 'task' })`,
  ];
  if (w4Runs !== 10_000) notes.push(`W4 used ${w4Runs} runs, not 10,000: heap is per run; w4ResumeAllMs is scaled linearly to 10,000 (measured ${Math.round(r4.resumeMs)} ms for ${w4Runs})`);
  return {
    engine: 'bpmn-engine',
    version,
    w1StepsPerSec: Math.round(median(r1)),
    w2WallMs: +median(r2).toFixed(1),
    w3RunsPerSec: Math.round(median(r3)),
    w4HeapBytesPerParkedRun: Math.round(r4.heapPerRun),
    w4ResumeAllMs: Math.round((r4.resumeMs * 10_000) / w4Runs),
    w4Runs,
    w4ParkAllMs: Math.round(r4.parkMs),
    w4ResumeMeasuredMs: Math.round(r4.resumeMs),
    samples: { w1: r1.map(Math.round), w2: r2.map((x) => +x.toFixed(1)), w3: r3.map(Math.round) },
    notes: notes.join('; '),
  };
}
