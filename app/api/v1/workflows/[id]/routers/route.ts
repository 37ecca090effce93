/**
 * `GET /api/v1/workflows/{id}/routers`: every router node of the workflow with, per
 * candidate, `{ id, label, chosen, share, succeeded, failed, successRate, p50Ms, breaker, retryAt }`
 * (outcomes over the node's window; `retryAt` ISO-8601 or null). Read like the workflow itself.
 */
import { handler, iso, json, methodNotAllowed } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

export const GET = handler<{ id: string }>('signed-in', async (_req, { params, app }) => {
  const routers = await app.routers.list(params.id);
  return json(routers.map((r) => ({ ...r, candidates: r.candidates.map((c) => ({ ...c, retryAt: c.retryAt === null ? null : iso(c.retryAt) })) })));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
