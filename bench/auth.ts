/**
 * `npm run bench:auth`: what identifying the caller costs per request, in-process on a
 * real SQLite file: `authenticate()` with an API key (SHA-256 lookup plus recording
 * its last use) and with a session cookie (signed cookie, session and person rows),
 * medians of 5 × 2,000 requests after a warm-up, in µs per request; and one sign-in
 * (scrypt password check, session row) in ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app';
import { authenticate } from '../server/auth/principal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-auth-'));
const app = createApp(path.join(dir, 'auth.db'));
await app.seeded;
const EMAIL = 'bench@example.test';
const PASSWORD = 'bench-password-1';
await app.users.bootstrapAdmin({ BATON_ADMIN_EMAIL: EMAIL, BATON_ADMIN_PASSWORD: PASSWORD });
const admin = (await app.users.people()).find((p) => p.email === EMAIL);
if (!admin) throw new Error('the bench admin was not created');
const { key } = await app.apiKeys.create(admin.id, 'bench');

const signIn = () =>
  app.auth.handler(
    new Request('http://127.0.0.1/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1', 'x-forwarded-for': '127.0.0.1' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    }),
  );
const cookie = (await signIn()).headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');

async function perRequestMicros(headers: Record<string, string>): Promise<number> {
  const once = async () => {
    if (!(await authenticate(app, new Request('http://127.0.0.1/api/v1/workflows', { headers })))) throw new Error('not authenticated');
  };
  for (let i = 0; i < 300; i++) await once();
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await once();
    samples.push(((performance.now() - t0) * 1000) / n);
  }
  return samples.sort((a, b) => a - b)[2];
}

const apiKeyUs = await perRequestMicros({ 'x-api-key': key });
const sessionUs = await perRequestMicros({ cookie });
const signInMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const res = await signIn();
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  signInMs.push(performance.now() - t0);
}
signInMs.sort((a, b) => a - b);

console.log(`| check | cost |\n|---|---|`);
console.log(`| API key (X-API-Key) | ${apiKeyUs.toFixed(0)} µs per request |`);
console.log(`| session cookie | ${sessionUs.toFixed(0)} µs per request |`);
console.log(`| sign-in (scrypt) | ${signInMs[2].toFixed(0)} ms |`);
await app.runner.stop();
app.handle.sqlite.close();
fs.rmSync(dir, { recursive: true, force: true });
