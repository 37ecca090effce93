/**
 * The floating-promise check (`scripts/check-promises.mjs`) on a small project that
 * leaves promises unhandled in each way it must catch, next to each accepted form.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-promises-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SOURCE = `
async function save(): Promise<number> { return 1; }
class Store { async write(): Promise<void> {} }
const store = new Store();
export async function caller(): Promise<void> {
  save();                                     // floating
  store.write();                              // floating
  save().then((n) => n + 1);                  // floating: no rejection handler
  save().finally(() => undefined);            // floating
  await save();
  void save();
  save().catch(() => undefined);
  save().then(() => undefined, () => undefined);
  save().finally(() => undefined).catch(() => undefined);
  const kept = save();
  await kept;
}
export function returns(): Promise<number> { return save(); }
declare function expect(v: unknown): { toBe(x: unknown): void; resolves: { toBe(x: unknown): Promise<void> } };
export async function asserts(): Promise<void> {
  expect(save()).toBe(1);                     // a promise compared
  await expect(save()).resolves.toBe(1);
  expect(await save()).toBe(1);
}
`;

describe('lint:promises', () => {
  it('reports each promise left unhandled, and only those', () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'esnext', moduleResolution: 'bundler', strict: true, noEmit: true, lib: ['es2022'] }, include: ['*.ts'] }));
    fs.writeFileSync(path.join(dir, 'a.ts'), SOURCE);
    const r = spawnSync(process.execPath, [path.resolve('scripts/check-promises.mjs'), dir], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('a.ts:')).map((l) => Number(l.split(':')[1]));
    expect(lines).toEqual([6, 7, 8, 9, 21]);
  });
});
