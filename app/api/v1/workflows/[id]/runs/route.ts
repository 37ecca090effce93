/**
 * `POST /api/v1/workflows/{id}/runs` `{ input?, version?, draft? }`: starts a run of a
 * published version (needs `run.start`), or with `draft: true` a test run of the saved
 * draft (`run.start` or `workflow.edit`); 202 either way.
 */
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { StartRunRequestSchema } from '@/server/rest/schemas';
import { requireAnyPermission, TEST_RUN_PERMISSIONS } from '@/server/services/draft-runs';

export const dynamic = 'force-dynamic';

// The permission depends on the body (`draft`), so it is checked below, before anything is read or written.
export const POST = handler<{ id: string }>('signed-in', async (req, { params, app, user }) => {
  const raw = await readJson(req, { optional: true });
  const body = parseWith(StartRunRequestSchema, raw === undefined ? {} : raw);
  requireAnyPermission(user, body.draft ? TEST_RUN_PERMISSIONS : ['run.start']);
  const { runId, version } = await app.runs.start({ workflowId: params.id, version: body.version, draft: body.draft, input: body.input ?? {}, startedBy: user.id, trigger: 'api' });
  return json({ runId, version }, 202, { Location: `/api/v1/runs/${encodeURIComponent(runId)}` });
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
