/**
 * The layer rules (`.dependency-cruiser.cjs`, `npm run lint:layers`) can fail: the
 * real configuration and the real depcruise command run over a small project written
 * to a temporary folder, with one violation of each rule and one allowed import next
 * to each, and exactly the violations are reported, by rule, importer and imported
 * file. A rule that matched nothing (a wrong path pattern, an alias that no longer
 * resolves) fails this test instead of letting `npm test` pass unseen.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const depcruiseFmt = path.join(root, 'node_modules', '.bin', 'depcruise-fmt');
const config = path.join(root, '.dependency-cruiser.cjs');

/** The project: path → source. Comments name the rule each file breaks, or why it is allowed. */
const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', jsx: 'react-jsx', paths: { '@/*': ['./*'] } } }),
  // no-circular: a runtime cycle …
  'lib/engine/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
  'lib/engine/b.ts': "import { a } from './a';\nexport const b = 1;\nexport const callA = () => a();\n",
  // … and a cycle of type-only imports.
  'server/x.ts': "import type { Y } from './y';\nexport interface X { y?: Y }\n",
  'server/y.ts': "import type { X } from './x';\nexport interface Y { x?: X }\n",
  // engine-imports-only-itself: another Baton module, and a Node built-in.
  'lib/engine/compile.ts': "import { limit } from '../util/limits';\nexport const max = limit;\n",
  'lib/engine/clock.ts': "import os from 'node:os';\nexport const up = () => os.uptime();\n",
  // allowed: engine tests may import fixtures from elsewhere.
  'lib/engine/compile.test.ts': "import { limit } from '../util/limits';\nexport const t = limit;\n",
  'lib/util/limits.ts': 'export const limit = 10;\n',
  // lib-not-to-server-or-ui, through the `@/` alias (so the alias must resolve) …
  'lib/util/reach.ts': "import { getApp } from '@/server/app';\nexport const r = getApp;\n",
  'lib/util/widget.ts': "import { Panel } from '../../components/panel';\nexport const w = Panel;\n",
  // … while a type-only import of the server's types is allowed.
  'lib/trpc/client.ts': "import type { AppRouter } from '@/server/api/root';\nexport type R = AppRouter;\n",
  'server/api/root.ts': 'export type AppRouter = { ping: () => string };\n',
  'server/app.ts': 'export const getApp = () => ({});\n',
  // server-not-to-ui.
  'server/sse.ts': "import { Panel } from '@/components/panel';\nexport const p = Panel;\n",
  // components-not-to-server.
  'components/panel.tsx': "import { getApp } from '@/server/app';\nexport const Panel = () => getApp();\n",
  'components/types.ts': "import type { AppRouter } from '@/server/api/root';\nexport type Out = AppRouter;\n",
  // client-not-to-server: a 'use client' page; the server layout beside it may import the app.
  'app/page.tsx': "'use client';\nimport { getApp } from '@/server/app';\nexport default function Page() { return getApp(); }\n",
  'app/layout.tsx': "import { getApp } from '@/server/app';\nexport default function Layout() { return getApp(); }\n",
  // Installed packages the rules name: the SQLite driver and drizzle with its adapter.
  'node_modules/better-sqlite3/package.json': JSON.stringify({ name: 'better-sqlite3', main: 'index.js' }),
  'node_modules/better-sqlite3/index.js': 'module.exports = function Database() {};\n',
  'node_modules/drizzle-orm/package.json': JSON.stringify({ name: 'drizzle-orm', exports: { '.': './index.js', './better-sqlite3': './better-sqlite3/index.js' } }),
  'node_modules/drizzle-orm/index.js': 'export const eq = () => true;\n',
  'node_modules/drizzle-orm/better-sqlite3/index.js': 'export const drizzle = () => ({});\n',
  // services-not-to-driver: loading the driver, drizzle (adapter or query builder), or the
  // database module; a type-only import of them too: services see only the storage port.
  'server/services/audit.ts': "import Database from 'better-sqlite3';\nexport const open = () => new (Database as unknown as new () => object)();\n",
  'server/services/groups.ts': "import { drizzle } from 'drizzle-orm/better-sqlite3';\nimport { eq } from 'drizzle-orm';\nexport const d = [drizzle, eq];\n",
  'server/services/users.ts': "import type Database from 'better-sqlite3';\nexport type H = typeof Database;\n",
  'server/db/open.ts': 'export interface DbHandle { file: string }\nexport const openDatabase = (file: string): DbHandle => ({ file });\n',
  'server/services/runs.ts': "import { openDatabase } from '../db/open';\nexport const db = openDatabase('x');\n",
  'server/services/tasks.ts': "import type { DbHandle } from '../db/open';\nexport const file = (h: DbHandle) => h.file;\n",
  // endpoints-not-to-database: a REST handler reading the run store, a router building a query.
  'server/api/routers/runs.ts': "import { eq } from 'drizzle-orm';\nexport const q = eq;\n",
  'server/storage/run-store.ts': 'export class RunStore {}\n',
  'server/rest/runs.ts': "import { RunStore } from '../storage/run-store';\nexport const s = new RunStore();\n",
  // not-to-unresolvable.
  'lib/util/broken.ts': "import { gone } from '@/lib/util/missing';\nexport const g = gone;\n",
};

interface Violation {
  rule: string;
  from: string;
  to: string;
}

let dir: string;
let status: number | null;
let violations: Violation[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-layers-'));
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  // One cruise, as JSON; then the text report of `npm run lint:layers` from that JSON, for its exit status.
  const json = path.join(dir, 'result.json');
  const r = spawnSync(depcruise, ['--config', config, '--output-type', 'json', '--output-to', json, '.'], { cwd: dir, encoding: 'utf8' });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  violations = report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  const text = spawnSync(depcruiseFmt, ['--exit-code', '--output-type', 'err-long', json], { cwd: dir, encoding: 'utf8' });
  if (text.error) throw text.error;
  status = text.status;
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const key = (v: Violation) => `${v.rule}: ${v.from} → ${v.to}`;

describe('layer rules', () => {
  it('exit with a failure status when a rule is broken', () => {
    expect(status).toBeGreaterThan(0);
  });

  it('report exactly the broken rules, naming importer and imported file', () => {
    const found = violations.filter((v) => v.rule !== 'no-circular').map(key).sort();
    expect(found).toEqual(
      [
        'engine-imports-only-itself: lib/engine/compile.ts → lib/util/limits.ts',
        'engine-imports-only-itself: lib/engine/clock.ts → os',
        'lib-not-to-server-or-ui: lib/util/reach.ts → server/app.ts',
        'lib-not-to-server-or-ui: lib/util/widget.ts → components/panel.tsx',
        'components-not-to-server: components/panel.tsx → server/app.ts',
        'server-not-to-ui: server/sse.ts → components/panel.tsx',
        'client-not-to-server: app/page.tsx → server/app.ts',
        'services-not-to-driver: server/services/runs.ts → server/db/open.ts',
        'services-not-to-driver: server/services/audit.ts → node_modules/better-sqlite3/index.js',
        'services-not-to-driver: server/services/groups.ts → node_modules/drizzle-orm/better-sqlite3/index.js',
        'services-not-to-driver: server/services/groups.ts → node_modules/drizzle-orm/index.js',
        'services-not-to-driver: server/services/tasks.ts → server/db/open.ts',
        'services-not-to-driver: server/services/users.ts → node_modules/better-sqlite3/index.js',
        'endpoints-not-to-database: server/api/routers/runs.ts → node_modules/drizzle-orm/index.js',
        'endpoints-not-to-database: server/rest/runs.ts → server/storage/run-store.ts',
        'not-to-unresolvable: lib/util/broken.ts → @/lib/util/missing',
      ].sort(),
    );
  });

  it('report import cycles, type-only ones included', () => {
    const cycles = violations.filter((v) => v.rule === 'no-circular');
    const inCycle = new Set(cycles.flatMap((v) => [v.from, v.to]));
    expect([...inCycle].sort()).toEqual(['lib/engine/a.ts', 'lib/engine/b.ts', 'server/x.ts', 'server/y.ts']);
  });
});
