/** Anything else under `/api/v1/`: a JSON 404 (never Next's HTML page). */
import { errorJson } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

async function notFound(req: Request) {
  const path = new URL(req.url).pathname;
  return errorJson(404, 'not_found', `no API endpoint ${req.method} ${path}; see /api/v1/openapi.json`, [{ path: [], message: 'unknown endpoint' }]);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
