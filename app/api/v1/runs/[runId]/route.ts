/** `GET /api/v1/runs/{runId}?limit=`: the run with the first page of its steps and `nextCursor` (times as ISO-8601). */
import { handler, json, methodNotAllowed, queryOf } from '@/server/rest/handler';
import { intParam, runBody } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler<{ runId: string }>('signed-in', async (req, { params, app }) => json(runBody(await app.runs.get(params.runId, { limit: intParam(queryOf(req), 'limit') }))));

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
