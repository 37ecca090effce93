/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of this API. */
import { errorResponse, json, requestOrigin } from '@/server/rest/handler';
import { buildOpenApi } from '@/server/rest/openapi';

import { notServedHere } from '@/server/process-role';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const elsewhere = notServedHere(new URL(req.url).pathname);
  if (elsewhere) return elsewhere;
  try {
    return json(buildOpenApi({ serverUrl: requestOrigin(req) }));
  } catch (err) {
    return errorResponse(err, req);
  }
}
