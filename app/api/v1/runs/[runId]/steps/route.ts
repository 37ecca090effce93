/** `GET /api/v1/runs/{runId}/steps?cursor=&limit=`: a page of the run's steps in activation order. */
import { handler, json, methodNotAllowed, queryOf } from '@/server/rest/handler';
import { intParam, stepPageBody } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler<{ runId: string }>('signed-in', async (req, { params, app }) => {
  const q = queryOf(req);
  return json(stepPageBody(await app.runs.steps(params.runId, { cursor: q.cursor || undefined, limit: intParam(q, 'limit') })));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
