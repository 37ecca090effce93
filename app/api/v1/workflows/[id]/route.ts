/** `GET /api/v1/workflows/{id}`: the draft document, exactly as the designer exports it. */
import { handler, json, methodNotAllowed } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

export const GET = handler<{ id: string }>('signed-in', async (_req, { params, app }) => json(app.workflows.get(params.id).draft));

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
