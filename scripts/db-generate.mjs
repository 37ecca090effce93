#!/usr/bin/env node
/**
 * `npm run db:generate -- --name <what> [--custom] [--dialect sqlite|pg]`: drizzle-kit
 * generate for each database dialect (default both), with the same migration name:
 * `drizzle/sqlite/` from `server/db/schema.ts` (drizzle.sqlite.config.ts) and
 * `drizzle/pg/` from `server/db/pg/schema.ts` (drizzle.pg.config.ts). `--custom` prepares
 * an empty migration for hand-written SQL (triggers, functions, data changes).
 * Exits non-zero when drizzle-kit fails for either dialect.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--dialect');
const dialects = at >= 0 ? [args[at + 1]] : ['sqlite', 'pg'];
const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
if (!dialects.every((d) => d === 'sqlite' || d === 'pg')) {
  console.error('--dialect must be sqlite or pg');
  process.exit(2);
}
for (const d of dialects) {
  console.log(`\n=== drizzle-kit generate (${d}) ===`);
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'drizzle-kit'), ['generate', '--config', `drizzle.${d}.config.ts`, ...rest], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
