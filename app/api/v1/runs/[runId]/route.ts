/** `GET /api/v1/runs/{runId}`: the run with its steps (times as ISO-8601). */
import { handler, json, methodNotAllowed } from '@/server/rest/handler';
import { runBody } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler<{ runId: string }>('signed-in', async (_req, { params, app }) => json(runBody(app.runs.get(params.runId))));

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
