/**
 * `GET /api/v1/workflows/{id}`: the draft document, exactly as the designer exports it (`ETag`: the draft revision).
 * `PUT`: replaces the draft (`If-Match: "<draftRevision>"` → 412 with the current revision when it was saved since).
 * `DELETE`: soft-deletes the workflow and stops its schedule and webhook (204; audited).
 */
import { handler, json, methodNotAllowed, readJson } from '@/server/rest/handler';
import { documentFromBody } from '@/server/rest/views';
import { ifMatchRevision, revisionTag } from '@/server/rest/etag';
import { AppError } from '@/server/errors';

export const dynamic = 'force-dynamic';

export const GET = handler<{ id: string }>('signed-in', async (_req, { params, app }) => {
  const w = await app.workflows.get(params.id);
  return json(w.draft, 200, { ETag: revisionTag(w.draftRevision) });
});

export const PUT = handler<{ id: string }>('workflow.edit', async (req, { params, app, user }) => {
  const base = ifMatchRevision(req.headers.get('if-match'));
  const doc = documentFromBody(await readJson(req));
  try {
    const { draftRevision } = await app.workflows.saveDraft(params.id, doc, base, user.id);
    return json({ id: params.id, draftRevision }, 200, { ETag: revisionTag(draftRevision) });
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'conflict') throw err;
    const current = await app.workflows.draftRevision(params.id);
    const error = {
      message: `the draft was saved since revision ${base} (it is now at revision ${current}); nothing was written`,
      code: 'conflict',
      issues: [{ path: ['If-Match'], message: `the draft is at revision ${current}` }],
    };
    return json({ error, draftRevision: current }, 412, { ETag: revisionTag(current) });
  }
});

export const DELETE = handler<{ id: string }>('workflow.edit', async (_req, { params, app, user }) => {
  await app.workflows.delete(params.id, user.id);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});

export const POST = methodNotAllowed(['GET', 'PUT', 'DELETE']);
export const PATCH = POST;
