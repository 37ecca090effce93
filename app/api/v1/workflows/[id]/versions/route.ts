/**
 * `GET /api/v1/workflows/{id}/versions?limit=&cursor=`: one page of the version history,
 * newest first (`[{version, createdAt, createdBy, createdByName, note, runCount}]`).
 * More pages: `X-Next-Cursor` and `Link: <…>; rel="next"`.
 */
import { handler, iso, json, methodNotAllowed, parseWith, queryOf } from '@/server/rest/handler';
import { VersionListQuerySchema, type VersionBody } from '@/server/rest/version-schemas';

export const dynamic = 'force-dynamic';

export const GET = handler<{ id: string }>('signed-in', async (req, { params, app }) => {
  const q = parseWith(VersionListQuerySchema, queryOf(req), { what: 'the query is not valid' });
  const page = await app.workflows.versions(params.id, { limit: q.limit, cursor: q.cursor });
  const headers: Record<string, string> = {};
  if (page.nextCursor) {
    const next = new URL(req.url);
    next.searchParams.set('cursor', page.nextCursor);
    headers['X-Next-Cursor'] = page.nextCursor;
    headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
  }
  const body: VersionBody[] = page.versions.map((v) => ({ ...v, createdAt: iso(v.createdAt) }));
  return json(body, 200, headers);
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
