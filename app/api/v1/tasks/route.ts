/**
 * `GET /api/v1/tasks?status=open|completed|cancelled&runId=...&limit=...&cursor=...`: one page
 * of the user tasks the caller may see (a candidate, claimer or decider; admins every task),
 * filtered in the query. More pages: `X-Next-Cursor` and `Link: <…>; rel="next"`.
 */
import { handler, json, methodNotAllowed, parseWith, queryOf } from '@/server/rest/handler';
import { TaskListQuerySchema } from '@/server/rest/schemas';
import { taskBody } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler('signed-in', async (req, { app, user }) => {
  const actor = await app.tasks.actor(user.id);
  const q = parseWith(TaskListQuerySchema, queryOf(req), { what: 'the query is not valid' });
  const page = await app.tasks.page({ status: q.status, runId: q.runId, limit: q.limit, cursor: q.cursor, actor });
  const headers: Record<string, string> = {};
  if (page.nextCursor) {
    const next = new URL(req.url);
    next.searchParams.set('cursor', page.nextCursor);
    headers['X-Next-Cursor'] = page.nextCursor;
    headers.Link = `<${next.pathname}${next.search}>; rel="next"`;
  }
  return json(page.tasks.map(taskBody), 200, headers);
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
