#!/usr/bin/env node
/**
 * Runs each in-memory peer engine on Baton's four benchmark shapes, each peer in a fresh
 * child process (so heaps do not mix), and writes { peers: [...] } as JSON.
 *
 *   node --expose-gc bench/peers/run-peers.mjs --reps 5 --out bench/results/peers.json
 *
 * Options:
 *   --reps N            repetitions; figures are medians (default 5)
 *   --out FILE          where to write the JSON (default: print it only)
 *   --only a,b          peers to run: bpmn-engine, n8n (default: both)
 *   --bpmn-w3-reps N    W3 repetitions for bpmn-engine (default min(reps, 3): ~40 s each)
 *   --bpmn-w4-runs N    runs parked in bpmn-engine's W4 (default 10000: ~70 s, ~5 GB of heap;
 *                       fewer runs report the same per-run heap, resume-all scaled to 10,000)
 *   --timeout S         per-peer time limit in seconds (default 600)
 *
 * Fails soft: a peer that throws, crashes or times out becomes { engine, error }.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const HERE = path.dirname(SELF);

const PEERS = {
  'bpmn-engine': { module: './bpmn-engine.mjs', engine: 'bpmn-engine' },
  n8n: { module: './n8n.mjs', engine: 'n8n-core' },
};

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args[key] = true;
    else {
      args[key] = next;
      i++;
    }
  }
  return args;
}

const int = (v, fallback) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${v}`);
  return n;
};

// ---------------------------------------------------------------------------------------
// Child: run one peer and send its result to the parent.
async function child(name, opts) {
  const peer = PEERS[name];
  try {
    const mod = await import(peer.module);
    const result = await mod.run(opts);
    process.send({ ok: true, result });
  } catch (err) {
    process.send({ ok: false, error: String(err?.message ?? err), stack: err?.stack });
  }
  // Some peers leave timers behind (n8n-core's SSH client manager): do not wait for them.
  process.disconnect?.();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------
// Parent: one child per peer, sequentially.
const FIGURES = ['w1StepsPerSec', 'w2WallMs', 'w3RunsPerSec', 'w4HeapBytesPerParkedRun', 'w4ResumeAllMs'];

function runPeer(name, opts, timeoutS) {
  const { engine } = PEERS[name];
  // n8n-core writes an instance key into its user folder (~/.n8n by default): a scratch one per child.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-peer-'));
  return new Promise((resolve) => {
    const t0 = performance.now();
    const cp = fork(SELF, ['--child', name, '--opts', JSON.stringify(opts)], {
      cwd: HERE,
      env: { ...process.env, N8N_USER_FOLDER: scratch },
      // The same young-generation size Baton runs with (`npm run bench`, `npm start`), so no engine gets a GC edge.
      execArgv: ['--expose-gc', '--max-old-space-size=12288', '--max-semi-space-size=64'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Peers' own chatter (n8n-core prints when it creates its instance key) goes to stderr.
    cp.stdout.pipe(process.stderr);
    let stderr = '';
    cp.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d);
    });
    let message;
    cp.on('message', (m) => (message = m));
    const timer = setTimeout(() => {
      message ??= { ok: false, error: `timed out after ${timeoutS} s (raise --timeout)` };
      cp.kill('SIGKILL');
    }, timeoutS * 1000);
    cp.on('exit', (code, signal) => {
      clearTimeout(timer);
      fs.rmSync(scratch, { recursive: true, force: true });
      const seconds = +((performance.now() - t0) / 1000).toFixed(1);
      if (message?.ok) return resolve({ ...message.result, seconds });
      const error =
        message?.error ?? `child exited (${signal ?? `code ${code}`}) without a result${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
      // Same keys as a result, figures null, so consumers need no special case.
      resolve({ engine, version: null, ...Object.fromEntries(FIGURES.map((k) => [k, null])), error, ...(message?.stack ? { stack: message.stack } : {}), seconds });
    });
  });
}

const fmt = (v, digits = 0) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function table(peers) {
  const cols = peers.map((p) => `${p.engine}${p.version ? ' ' + p.version : ''}`);
  const row = (label, unit, f) => `| ${label} | ${unit} | ${peers.map((p) => (p.error ? 'error' : f(p))).join(' | ')} |`;
  return [
    `| shape | measure | ${cols.join(' | ')} |`,
    `|---|---|${cols.map(() => '---').join('|')}|`,
    row('W1 1,000-step chain', 'steps/s', (p) => fmt(p.w1StepsPerSec)),
    row('W2 200-branch split/join', 'wall ms', (p) => fmt(p.w2WallMs, 1)),
    row('W3 2,000 runs × 10 steps', 'runs/s', (p) => fmt(p.w3RunsPerSec)),
    row('W4 parked runs', 'heap per parked run', (p) => `${fmt(p.w4HeapBytesPerParkedRun / 1024, 1)} KB`),
    row('W4', 'resume all 10,000', (p) => `${fmt(p.w4ResumeAllMs)} ms${p.w4Runs && p.w4Runs !== 10_000 ? ` (scaled from ${fmt(p.w4Runs)})` : ''}`),
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args.child, JSON.parse(args.opts ?? '{}'));

  const reps = int(args.reps, 5);
  if (reps < 1) throw new Error('--reps must be at least 1');
  const only = args.only ? String(args.only).split(',') : Object.keys(PEERS);
  for (const name of only) if (!PEERS[name]) throw new Error(`unknown peer ${name} (known: ${Object.keys(PEERS).join(', ')})`);
  const timeoutS = int(args.timeout, 600);
  const options = {
    'bpmn-engine': { reps, w3Reps: int(args['bpmn-w3-reps'], Math.min(reps, 3)), w4Runs: int(args['bpmn-w4-runs'], 10_000) },
    n8n: { reps },
  };

  const t0 = performance.now();
  const peers = [];
  for (const name of only) {
    process.stderr.write(`running ${name} …\n`);
    const result = await runPeer(name, options[name], timeoutS);
    process.stderr.write(result.error ? `${name}: error: ${result.error.split('\n')[0]}\n` : `${name}: done in ${result.seconds} s\n`);
    peers.push(result);
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const out = { machine, reps, at: new Date().toISOString(), seconds: +((performance.now() - t0) / 1000).toFixed(1), peers };
  console.log(`\nPeers — ${machine}; medians of ${reps} (see notes)\n`);
  console.log(table(peers));
  for (const p of peers) console.log(`\n${p.engine}: ${p.error ? 'ERROR ' + p.error.split('\n')[0] : p.notes}`);
  if (args.out) {
    const file = path.resolve(String(args.out));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    console.log(`\nwrote ${file}`);
  } else {
    console.log('\n' + JSON.stringify(out, null, 2));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
