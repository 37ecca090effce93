/**
 * Health of this process, for load balancers (`GET /api/health`, public, no details)
 * and operators (`GET /api/v1/health`, signed in with `system.read`).
 *
 * `liveness(app)`: `{ status: 'ok' | 'unavailable', database: 'ok' | 'unavailable' }`;
 * the database is checked with one trivial query.
 * `healthReport(app)`: the same plus `uptimeS`, memory in bytes (`rssBytes`,
 * `heapUsedBytes`, `externalBytes`) and the rolling event-loop delay in ms
 * (see `event-loop.ts`).
 */
import 'server-only';
import type { App } from '../app';
import { eventLoopMonitor, type EventLoopDelay } from './event-loop';

export interface Liveness {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'unavailable';
}

export interface HealthReport extends Liveness {
  uptimeS: number;
  memory: { rssBytes: number; heapUsedBytes: number; externalBytes: number };
  eventLoopDelay: EventLoopDelay;
}

/** Longest wait for the database's answer, ms: a health check must answer even when the database hangs. */
const PING_TIMEOUT_MS = 2_000;

/** Whether this process can serve: the database answers a trivial query within 2 s. */
export async function liveness(app: App): Promise<Liveness> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      app.storage.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer')), PING_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', database: 'ok' };
  } catch {
    return { status: 'unavailable', database: 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}

/** {@link liveness} plus memory and event-loop figures of this process. */
export async function healthReport(app: App): Promise<HealthReport> {
  const m = process.memoryUsage();
  return {
    ...(await liveness(app)),
    uptimeS: Math.round(process.uptime()),
    memory: { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external },
    eventLoopDelay: eventLoopMonitor().report(),
  };
}
