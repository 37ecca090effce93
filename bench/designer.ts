/**
 * `npm run bench:designer` (also the second half of `npm run bench`): how fast the
 * canvas opens and moves with big workflows, in Debian's Chromium driven by
 * Playwright against the production build (`next start` on a fresh SQLite file;
 * run `npx next build` first).
 *
 * Through the REST API it creates generated, laid-out workflows (`big-workflow.ts`):
 * designer drafts of 500 and 2,000 nodes, and a published 500-node workflow of inline
 * steps that it runs to the end (a finished 500-step run). Then, per case:
 *  - **open**: a new page navigates to the designer (or the run view) and the probe
 *    (`canvas-probe.ts`) reports when it became interactive, in ms since navigation
 *    start; one warm-up open, then the median of `BENCH_OPENS` (default 5). Beside it,
 *    per open: when the designer's first validation (run in idle time after the canvas is
 *    drawn) showed the problems, and the longest task (≥ 50 ms) from the interactive frame
 *    to 1 s after that, so work deferred past "interactive" is in the table too;
 *  - **pan**: the mouse drags the empty canvas 640 px left and 320 px up in 90 moves,
 *    one every 16 ms (a hand's pace), at the view the page opened with;
 *  - **drag** (designer only): the mouse drags the node card nearest the middle of
 *    the canvas the same way.
 * Frame times are the gaps between `requestAnimationFrame` timestamps during the
 * gesture: median fps and the 95th-percentile frame time. Prints a Markdown table and
 * writes bench/results/designer-latest.json. Viewport 1440 × 900, headless.
 *
 * Environment: `BENCH_PORT` (default a free port), `BENCH_OPENS`, `CHROMIUM_PATH`
 * (default /usr/bin/chromium), `BENCH_SIZES` (designer node counts, default "500,2000"),
 * `BENCH_TRACE=<folder>`: also write a Chromium performance trace of each case's pan
 * and drag there (`<case>-pan.json`, open in Chrome DevTools' Performance panel).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN, startServer } from '../tests/helpers/server';
import { designerWorkflow, runWorkflow } from './big-workflow';
import { FREE_FRAME_MS, frameStats, installProbe, type ProbeOptions, type ProbeState } from './canvas-probe';

const OPENS = Number(process.env.BENCH_OPENS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '500,2000').split(',').map(Number);
const RUN_STEPS = 500;
const VIEWPORT = { width: 1440, height: 900 };
const MOVES = 90;
const MOVE_EVERY_MS = 16;

interface CaseResult {
  name: string;
  nodes: number;
  edges: number;
  openMs: number[];
  openMedianMs: number;
  /** Designer: navigation start to the problems shown (ms), per open and median. */
  checkedMs?: number[];
  checkedMedianMs?: number;
  /** The longest task from the interactive frame to 1 s after the deferred work was done, per open (ms; 0: none ≥ 50 ms). */
  longTaskAfterMs: number[];
  nodesInDom: number;
  pan: ReturnType<typeof frameStats>;
  drag?: ReturnType<typeof frameStats>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function api<T>(req: APIRequestContext, method: 'get' | 'post', url: string, data?: unknown): Promise<T> {
  const res = await req[method](url, data === undefined ? {} : { data });
  if (res.status() >= 300) throw new Error(`${method.toUpperCase()} ${url} → ${res.status()}: ${(await res.text()).slice(0, 500)}`);
  return (await res.json()) as T;
}

/** Creates the workflows and the finished run; returns what to open. */
async function prepare(req: APIRequestContext) {
  const designs: { name: string; id: string; nodes: number; edges: number }[] = [];
  for (const n of SIZES) {
    const doc = designerWorkflow(n);
    const { id } = await api<{ id: string }>(req, 'post', '/api/v1/workflows', doc);
    designs.push({ name: `designer, ${n.toLocaleString('en-US')} nodes`, id, nodes: doc.nodes.length, edges: doc.edges.length });
  }
  const runDoc = runWorkflow(RUN_STEPS);
  const { id } = await api<{ id: string }>(req, 'post', '/api/v1/workflows', runDoc);
  await api(req, 'post', `/api/v1/workflows/${id}/publish`);
  const { runId } = await api<{ runId: string }>(req, 'post', `/api/v1/workflows/${id}/runs`, { input: {} });
  for (const deadline = Date.now() + 120_000; ; await sleep(250)) {
    const run = await api<{ status: string; steps: unknown[] }>(req, 'get', `/api/v1/runs/${runId}`);
    if (run.status === 'succeeded') break;
    if (run.status === 'failed' || Date.now() > deadline) throw new Error(`the ${RUN_STEPS}-step run ended ${run.status}`);
  }
  return { designs, run: { name: `run view, ${RUN_STEPS}-step run`, runId, nodes: runDoc.nodes.length, edges: runDoc.edges.length } };
}

async function probe(page: Page): Promise<ProbeState> {
  return page.evaluate(() => {
    const p = (window as unknown as { __canvasProbe: ProbeState }).__canvasProbe;
    return { ...p, frames: [...p.frames] };
  });
}

/** Opens `url` in a new page and waits until the probe reports it interactive; returns the page and the time (ms since navigation start). */
async function open(context: BrowserContext, url: string, ready: ProbeOptions) {
  const page = await context.newPage();
  // tsx compiles with esbuild's keepNames, which wraps named functions in `__name(…)`: give the page one.
  await page.addInitScript({ content: `window.__name = (f) => f; (${installProbe.toString()})(${JSON.stringify({ ...ready, freeFrameMs: FREE_FRAME_MS })});` });
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => (window as unknown as { __canvasProbe?: ProbeState }).__canvasProbe?.interactiveAt != null, undefined, { timeout: 60_000, polling: 100 });
  } catch (err) {
    const seen = await page.evaluate(() => ({
      frames: (window as unknown as { __canvasProbe?: ProbeState }).__canvasProbe?.frames.length,
      nodes: document.querySelectorAll('.react-flow__node').length,
      hidden: [...document.querySelectorAll<HTMLElement>('.react-flow__node')].filter((n) => n.style.visibility === 'hidden').length,
      edges: document.querySelectorAll('.react-flow__edge').length,
      viewport: document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform,
      pane: document.querySelector('.react-flow')?.getBoundingClientRect().toJSON(),
      text: document.body.innerText.slice(0, 300),
    }));
    throw new Error(`${url} did not become interactive: ${JSON.stringify(seen)}`, { cause: err });
  }
  await page.waitForFunction(() => (window as unknown as { __canvasProbe: ProbeState }).__canvasProbe.doneAt != null, undefined, { timeout: 60_000, polling: 100 });
  await sleep(AFTER_DONE_MS);
  const p = await probe(page);
  const after = p.longTasks.filter(([start]) => start >= p.interactiveAt!).map(([, d]) => d);
  return { page, ms: p.interactiveAt!, doneMs: p.doneAt!, longTaskAfterMs: Math.max(0, ...after), nodesInDom: p.nodesInDom };
}

/** How long after the deferred work is done long tasks are still looked for (ms). */
const AFTER_DONE_MS = 1000;

/** A point of the canvas where nothing but the empty pane is, near `near` (page px). */
async function emptyPoint(page: Page, near: { x: number; y: number }) {
  return page.evaluate((c) => {
    const box = document.querySelector('.react-flow')!.getBoundingClientRect();
    for (let r = 0; r < 600; r += 12)
      for (let a = 0; a < 360; a += 15) {
        const x = c.x + r * Math.cos((a * Math.PI) / 180);
        const y = c.y + r * Math.sin((a * Math.PI) / 180);
        if (x < box.left + 20 || x > box.right - 200 || y < box.top + 20 || y > box.bottom - 140) continue;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    throw new Error('no empty spot on the canvas');
  }, near);
}

/** The centre of the title of the node card nearest the middle of the canvas (page px), or null when no card is in view. */
async function nodeNearMiddle(page: Page) {
  return page.evaluate(() => {
    const box = document.querySelector('.react-flow')!.getBoundingClientRect();
    const mid = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    let best: { x: number; y: number; d: number } | null = null;
    for (const el of document.querySelectorAll('.react-flow__node')) {
      const r = el.getBoundingClientRect();
      const p = { x: r.left + r.width * 0.4, y: r.top + r.height * 0.3 };
      if (!el.contains(document.elementFromPoint(p.x, p.y))) continue;
      const d = Math.hypot(p.x - mid.x, p.y - mid.y);
      if (!best || d < best.d) best = { ...p, d };
    }
    return best;
  });
}

const TRACE_DIR = process.env.BENCH_TRACE;

/** Drags the mouse from `from` by (-640, -320) px in {@link MOVES} paced moves; returns the frame statistics of the gesture. */
async function gesture(page: Page, from: { x: number; y: number }, traceName: string) {
  await page.mouse.move(from.x, from.y);
  await sleep(300);
  if (TRACE_DIR) {
    fs.mkdirSync(TRACE_DIR, { recursive: true });
    await page.context().browser()!.startTracing(page, { path: path.join(TRACE_DIR, `${traceName}.json`), screenshots: false });
  }
  const start = await page.evaluate(() => (window as unknown as { __canvasProbe: ProbeState }).__canvasProbe.frames.length);
  await page.mouse.down();
  const t0 = Date.now();
  for (let i = 1; i <= MOVES; i++) {
    const wait = t0 + i * MOVE_EVERY_MS - Date.now();
    if (wait > 0) await sleep(wait);
    await page.mouse.move(from.x - (640 * i) / MOVES, from.y - (320 * i) / MOVES);
  }
  await page.mouse.up();
  if (TRACE_DIR) await page.context().browser()!.stopTracing();
  const frames = await page.evaluate((s) => (window as unknown as { __canvasProbe: ProbeState }).__canvasProbe.frames.slice(s), start);
  return frameStats(frames);
}

async function measureCase(context: BrowserContext, name: string, url: string, ready: ProbeOptions, size: { nodes: number; edges: number }, drag: boolean): Promise<CaseResult> {
  const times: number[] = [];
  const checked: number[] = [];
  const longTasks: number[] = [];
  let last: Awaited<ReturnType<typeof open>> | null = null;
  for (let i = 0; i <= OPENS; i++) {
    if (last) await last.page.close();
    last = await open(context, url, ready);
    if (i === 0) continue; // the first open warms the server and the browser's caches
    times.push(last.ms);
    checked.push(last.doneMs);
    longTasks.push(last.longTaskAfterMs);
  }
  const page = last!.page;
  const canvas = (await page.locator('.react-flow').boundingBox())!;
  const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const pan = await gesture(page, await emptyPoint(page, { x: canvas.x + canvas.width * 0.7, y: canvas.y + canvas.height * 0.7 }), `${slug}-pan`);
  let dragStats: CaseResult['drag'];
  if (drag) {
    await page.close();
    const fresh = await open(context, url, ready);
    // A fitted big workflow may show no card at all: then there is nothing to drag at open.
    const card = await nodeNearMiddle(fresh.page);
    if (card) dragStats = await gesture(fresh.page, card, `${slug}-drag`);
    else console.log(`${name}: no node card in view at open, no drag measured`);
    await fresh.page.close();
  } else await page.close();
  const deferred = ready.doneSelector ? { checkedMs: checked.map(Math.round), checkedMedianMs: Math.round(median(checked)) } : {};
  const result: CaseResult = {
    name,
    ...size,
    openMs: times.map(Math.round),
    openMedianMs: Math.round(median(times)),
    ...deferred,
    longTaskAfterMs: longTasks.map(Math.round),
    nodesInDom: last!.nodesInDom,
    pan,
    drag: dragStats,
  };
  const checkedText = result.checkedMs ? `, problems shown ${result.checkedMedianMs} ms (${result.checkedMs.join(', ')})` : '';
  console.log(`${name}: open ${result.openMedianMs} ms (${result.openMs.join(', ')})${checkedText}, longest task after ${Math.max(...result.longTaskAfterMs)} ms, pan ${pan.medianFps.toFixed(0)} fps p95 ${pan.p95FrameMs.toFixed(1)} ms${dragStats ? `, drag ${dragStats.medianFps.toFixed(0)} fps p95 ${dragStats.p95FrameMs.toFixed(1)} ms` : ''}`);
  return result;
}

function report(results: CaseResult[], machine: string): string {
  const f = (s?: ReturnType<typeof frameStats>) => (s ? `${s.medianFps.toFixed(0)} fps · p95 ${s.p95FrameMs.toFixed(1)} ms` : '—');
  const ms = (n: number) => `${n.toLocaleString('en-US')} ms`;
  const rows = results.map(
    (r) =>
      `| ${r.name} (${r.edges.toLocaleString('en-US')} edges) | ${ms(r.openMedianMs)} | ${r.checkedMedianMs === undefined ? '—' : ms(r.checkedMedianMs)} | ${ms(Math.max(...r.longTaskAfterMs))} | ${f(r.pan)} | ${f(r.drag)} | ${r.nodesInDom} |`,
  );
  return [
    `Canvas (${machine}; Chromium headless, ${VIEWPORT.width}×${VIEWPORT.height}; open and problems shown = medians of ${OPENS}; longest task after interactive = the worst of the ${OPENS})`,
    '',
    '| case | open to interactive | problems shown | longest task after interactive | pan | node drag | node cards in DOM |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

async function main() {
  const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
  const server = await startServer({ port, env: { BATON_DEMO_DELAY_MS: '0' } });
  let browser: Browser | null = null;
  try {
    const base = server.baseUrl;
    const req = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
    const signIn = await req.post('/api/auth/sign-in/email', { data: { email: ADMIN.email, password: ADMIN.password } });
    if (signIn.status() !== 200) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
    const { designs, run } = await prepare(req);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const context = await browser.newContext({ baseURL: base, viewport: VIEWPORT, storageState: await req.storageState() });
    const results: CaseResult[] = [];
    for (const d of designs) results.push(await measureCase(context, d.name, `/workflows/${d.id}`, { readySelector: '[data-testid="designer"]', doneSelector: '[data-testid="designer"]:not([data-checking])' }, d, true));
    results.push(
      await measureCase(context, run.name, `/runs/${run.runId}`, { readySelector: '[data-testid="steps-count"]', readyText: RUN_STEPS.toLocaleString('en-US') }, run, false),
    );
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${browser.version()}`;
    console.log(`\n${report(results, machine)}`);
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(import.meta.dirname, 'results', 'designer-latest.json'), JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2));
  } finally {
    await browser?.close();
    await server.stop();
    server.removeDb();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
