/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of this API. */
import { errorResponse, json, requestOrigin } from '@/server/rest/handler';
import { buildOpenApi } from '@/server/rest/openapi';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  try {
    return json(buildOpenApi({ serverUrl: requestOrigin(req) }));
  } catch (err) {
    return errorResponse(err, req);
  }
}
