/** `GET /api/v1/workflow.schema.json`: JSON Schema of the workflow document, node config schemas under `$defs`. */
import { errorResponse, json, requestOrigin } from '@/server/rest/handler';
import { workflowJsonSchema } from '@/server/rest/workflow-schema';

import { notServedHere } from '@/server/process-role';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const elsewhere = notServedHere(new URL(req.url).pathname);
  if (elsewhere) return elsewhere;
  try {
    return json(workflowJsonSchema({ id: `${requestOrigin(req)}/api/v1/workflow.schema.json` }));
  } catch (err) {
    return errorResponse(err, req);
  }
}
