import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

/**
 * Browser journeys in Debian's Chromium against the production build, on a fresh
 * database outside `test-results/` (Playwright clears that folder).
 */
const port = Number(process.env.E2E_PORT ?? 3311);
/** Set to run the specs against a server that is already running (e.g. `next dev`); no server is started then. */
const external = process.env.PLAYWRIGHT_BASE_URL;
const dbFile = path.join(os.tmpdir(), `baton-e2e-${process.pid}-${Date.now()}.db`);

export default defineConfig({
  testDir: './e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  use: {
    baseURL: external ?? `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'journeys', testMatch: /.*\.spec\.ts/, dependencies: ['setup'], use: { storageState: '.e2e/auth/admin.json' } },
  ],
  webServer: external ? undefined : {
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/v1/openapi.json`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      DATABASE_URL: dbFile,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: '1',
      BATON_DEMO_DELAY_MS: '700',
      BATON_ADMIN_EMAIL: 'admin@baton.test',
      BATON_ADMIN_PASSWORD: 'admin-password-1',
      BATON_ADMIN_NAME: 'Ada Admin',
      BATON_SIGNIN_LIMIT: '1000',
      // node-library.spec.ts calls a local service on 127.0.0.1: loopback is refused unless opened on purpose.
      BATON_HTTP_ALLOW: '127.0.0.1,*',
      // big-run.spec.ts runs a 20,002-step loop: above the default run quota of 10,000 steps, raised on purpose.
      BATON_RUN_MAX_STEPS: '30000',
    },
  },
});
