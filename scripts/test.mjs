#!/usr/bin/env node
/**
 * `npm test`: every test, in order, then one closing line `tests: N passed, N failed`.
 * 1. type check (tsc)  2. layer rules (`npm run lint:layers`: dependency-cruiser, no import
 * cycles, see ARCHITECTURE.md "Layers"; `npm run lint:promises`: no promise left unawaited)  3. production build (API, crash and browser tests
 * run the real server)  4. vitest: engine, runner, API and crash-recovery tests
 * 5. Playwright journeys in Debian's Chromium.
 * Installs Debian's `chromium` with apt-get when it is missing and we are root.
 * Exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.NEXT_TELEMETRY_DISABLED = '1';
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-test-'));
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function ensureChromium() {
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (found) return found;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    run('install chromium (apt-get)', 'bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation']);
    if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  return null;
}

// 1. types
if (run('type check', bin('tsc'), ['--noEmit', '-p', '.'])) passed++;
else {
  failed++;
  failures.push('type check');
}

// 2. layers
if (run('layer rules (dependency-cruiser)', 'npm', ['run', '--silent', 'lint:layers'])) passed++;
else {
  failed++;
  failures.push('layer rules');
}

// 2b. promises: every promise awaited or handled
if (run('floating promises', 'npm', ['run', '--silent', 'lint:promises'])) passed++;
else {
  failed++;
  failures.push('floating promises');
}

// 3. build
const builtOk = run('build', bin('next'), ['build']);
if (!builtOk) {
  failed++;
  failures.push('next build');
}

// 4. vitest, in passes: everything in parallel, then the tests that measure how an
// attack stalls other requests, and the heavy or timing-sensitive multi-process tests on
// PostgreSQL (chaos with three processes, failover within the lease) (tests/isolated/),
// one file at a time on an otherwise idle machine so that their limits measure Baton, not
// the other test files.
const passes = [
  { label: 'unit, runner, API and crash tests (vitest)', args: ['--exclude', 'tests/isolated/**'] },
  { label: 'abuse, fuzz, multi-process chaos and failover tests, one file at a time (vitest)', args: ['tests/isolated/', '--no-file-parallelism'] },
  // The REST API and authorization suites against the real server, again with every server
  // on a fresh PostgreSQL database (`BATON_TEST_DB=postgres`, tests/helpers/server.ts); their
  // "nothing was written" checks read that database (tests/helpers/db-read.ts). The service
  // and storage suites run on both backends in pass 1 already (`describe.each(DIALECTS)`).
  {
    label: 'REST API and authorization suites on PostgreSQL (vitest)',
    args: ['tests/api.test.ts', 'tests/authz.test.ts', 'tests/versions-api.test.ts', 'tests/test-runs.test.ts', 'tests/admin-tasks.test.ts', 'tests/inbox-api.test.ts', 'tests/streams.test.ts', 'tests/templates.test.ts'],
    env: { BATON_TEST_DB: 'postgres' },
  },
];
passes.forEach((pass, i) => {
  const vitestJson = path.join(reports, `vitest-${i}.json`);
  run(pass.label, bin('vitest'), ['run', ...pass.args, '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], { ...(builtOk ? {} : { BATON_SKIP_SERVER_TESTS: '1' }), ...(pass.env ?? {}) });
  try {
    const r = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numFailedTests || r.numFailedTestSuites) failures.push(`vitest pass ${i + 1}`);
    if (r.numFailedTestSuites && !r.numFailedTests) failed += r.numFailedTestSuites;
  } catch {
    failed++;
    failures.push(`vitest pass ${i + 1} (no report)`);
  }
});

// 5. Playwright
const chromium = ensureChromium();
if (!chromium) {
  console.error('Debian chromium is not installed (apt-get install chromium); browser journeys cannot run.');
  failed++;
  failures.push('chromium missing');
} else if (builtOk) {
  const pwJson = path.join(reports, 'playwright.json');
  run('browser journeys (Playwright, Debian Chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, CHROMIUM_PATH: chromium });
  try {
    const r = JSON.parse(fs.readFileSync(pwJson, 'utf8'));
    passed += r.stats.expected;
    failed += r.stats.unexpected + (r.stats.flaky ?? 0) * 0;
    if (r.stats.unexpected) failures.push('playwright');
    if (r.errors?.length) {
      failed += 1;
      failures.push('playwright errors');
    }
  } catch {
    failed++;
    failures.push('playwright (no report)');
  }
}

// Test databases a server left behind (dropped in the background when it stopped).
run('drop leftover PostgreSQL test databases', process.execPath, [
  '-e',
  `const pg=require('pg');(async()=>{const c=new pg.Client({connectionString:process.env.BATON_TEST_PG_URL||'postgres://postgres@127.0.0.1:5432/test'});await c.connect();const r=await c.query("SELECT datname FROM pg_database WHERE datname LIKE 'baton_test_%'");for(const d of r.rows)await c.query('DROP DATABASE IF EXISTS "'+d.datname+'" WITH (FORCE)');console.log('dropped '+r.rowCount);await c.end()})().catch(e=>{console.error(e.message);process.exit(0)})`,
]);

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
