/** `GET /api/v1/workflows/{id}/versions/{version}`: the document of a published version, as it was published. */
import { handler, json, methodNotAllowed } from '@/server/rest/handler';
import { AppError } from '@/server/errors';

export const dynamic = 'force-dynamic';

export const GET = handler<{ id: string; version: string }>('signed-in', async (_req, { params, app }) => {
  const n = /^\d{1,9}$/.test(params.version) ? Number(params.version) : NaN;
  if (!(n >= 1)) throw new AppError('bad_request', 'version must be a positive whole number', [{ path: ['version'], message: 'expected 1, 2, …' }]);
  return json(await app.workflows.getVersion(params.id, n));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
