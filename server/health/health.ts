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

/** Whether this process can serve: the database answers a trivial query. */
export function liveness(app: App): Liveness {
  try {
    app.handle.sqlite.prepare('SELECT 1').get();
    return { status: 'ok', database: 'ok' };
  } catch {
    return { status: 'unavailable', database: 'unavailable' };
  }
}

/** {@link liveness} plus memory and event-loop figures of this process. */
export function healthReport(app: App): HealthReport {
  const m = process.memoryUsage();
  return {
    ...liveness(app),
    uptimeS: Math.round(process.uptime()),
    memory: { rssBytes: m.rss, heapUsedBytes: m.heapUsed, externalBytes: m.external },
    eventLoopDelay: eventLoopMonitor().report(),
  };
}
