/** `POST /api/v1/workflows/{id}/runs` `{ input?, version? }`: starts a run of a published version (202). */
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { StartRunRequestSchema } from '@/server/rest/schemas';

export const dynamic = 'force-dynamic';

export const POST = handler<{ id: string }>('run.start', async (req, { params, app, user }) => {
  const raw = await readJson(req, { optional: true });
  const body = parseWith(StartRunRequestSchema, raw === undefined ? {} : raw);
  const { runId, version } = await app.runs.start({ workflowId: params.id, version: body.version, input: body.input ?? {}, startedBy: user.id, trigger: 'api' });
  return json({ runId, version }, 202, { Location: `/api/v1/runs/${encodeURIComponent(runId)}` });
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
