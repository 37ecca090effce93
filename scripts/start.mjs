#!/usr/bin/env node
/**
 * `npm start`: builds the app when the build is missing or older than the sources,
 * then serves it with `next start` on PORT (default 3000) and HOST (default 0.0.0.0).
 * The database (DATABASE_URL, default ./data/baton.db) is created, migrated and
 * seeded with example workflows on first start.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const port = process.env.PORT || '3000';
const host = process.env.HOST || '0.0.0.0';

function newestMtime(p) {
  let newest = 0;
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

const buildId = path.join(root, '.next', 'BUILD_ID');
const built = fs.statSync(buildId, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sources = ['app', 'components', 'lib', 'server', 'drizzle', 'instrumentation.ts', 'next.config.js', 'package.json'].map((p) => newestMtime(path.join(root, p)));
if (!built || Math.max(...sources) > built || process.env.BATON_REBUILD === '1') {
  console.log('[baton] building the app (about 30 s)…');
  const r = spawnSync(process.execPath, [next, 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

process.env.PORT = port;
// A larger young generation (64 MB semi-spaces): the runner allocates many short-lived
// objects per step, and fewer young-generation collections raise throughput (README, Benchmarks).
const child = spawn(process.execPath, ['--max-semi-space-size=64', next, 'start', '-p', port, '-H', host], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: process.env });
let announced = false;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && /Ready|started server|Local:/i.test(String(chunk))) {
    announced = true;
    const shown = host === '0.0.0.0' ? 'localhost' : host;
    console.log(`\n  Baton is running at http://${shown}:${port}\n`);
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
