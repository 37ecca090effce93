/** `GET /api/v1/runs/{runId}/events?after=&limit=`: a page of the run's log records with `seq > after`. */
import { handler, json, methodNotAllowed, queryOf } from '@/server/rest/handler';
import { intParam } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler<{ runId: string }>('signed-in', async (req, { params, app }) => {
  const q = queryOf(req);
  return json(await app.runs.eventsPage(params.runId, { after: intParam(q, 'after'), limit: intParam(q, 'limit') }));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
