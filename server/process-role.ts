/**
 * What this Baton process does, from `BATON_ROLE`, so a deployment on PostgreSQL can
 * scale the web and the runner processes separately (see docs/deploy.md):
 * - `all` (default): serves the pages and APIs and runs work (runner and scheduler);
 * - `web`: serves the pages and APIs and runs no jobs (a run started here still takes
 *   its first steps up to the first wait in the request, as every process does; jobs,
 *   timers and schedules are left to the runner processes);
 * - `runner`: runs jobs and fires schedules; answers only the health checks
 *   (`/api/health`, `/api/v1/health`) and `503` JSON to anything else.
 */
export type ProcessRole = 'all' | 'web' | 'runner';

const ROLES: readonly ProcessRole[] = ['all', 'web', 'runner'];

/** Health check paths every role answers. */
export const HEALTH_PATHS: readonly string[] = ['/api/health', '/api/v1/health'];

/**
 * This process's role.
 * @throws Error naming `BATON_ROLE` and the allowed values when it holds anything else.
 */
export function processRole(env: Record<string, string | undefined> = process.env): ProcessRole {
  const raw = (env.BATON_ROLE ?? '').trim().toLowerCase() || 'all';
  if (!(ROLES as readonly string[]).includes(raw)) throw new Error(`BATON_ROLE "${env.BATON_ROLE}" is not one of ${ROLES.join(', ')}`);
  return raw as ProcessRole;
}

/** True when this role claims jobs and fires schedules. */
export function runsWork(role: ProcessRole): boolean {
  return role !== 'web';
}

/** True when this role serves pages and APIs (beyond the health checks). */
export function servesRequests(role: ProcessRole): boolean {
  return role !== 'runner';
}

/**
 * What a runner-only process answers to a request other than a health check: `503`
 * JSON naming the role; null when this process serves `pathname`.
 */
export function notServedHere(pathname: string, env: Record<string, string | undefined> = process.env): Response | null {
  let role: ProcessRole;
  try {
    role = processRole(env);
  } catch {
    return null; // the process refuses to start on a bad value (server/boot.ts)
  }
  if (servesRequests(role) || HEALTH_PATHS.includes(pathname)) return null;
  return Response.json(
    { error: { code: 'unavailable', message: 'this Baton process only runs work (BATON_ROLE=runner); send requests to a web process', issues: [] } },
    { status: 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
