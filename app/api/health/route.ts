/**
 * `GET /api/health`: public health check for load balancers and process managers.
 * `200 { "status": "ok", "database": "ok" }`, or `503` with `"unavailable"` when the
 * database does not answer. No details about the process (see `/api/v1/health`).
 */
import { getApp } from '@/server/app';
import { liveness } from '@/server/health/health';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const body = await liveness(getApp());
  return Response.json(body, { status: body.status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
