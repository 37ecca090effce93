/**
 * `GET /api/v1/health` (permission `system.read`): this process's health with memory
 * (bytes) and the event-loop delay of the last 10–20 s (ms); see `server/health`.
 */
import { handler, json } from '@/server/rest/handler';
import { healthReport } from '@/server/health/health';

export const dynamic = 'force-dynamic';

export const GET = handler('system.read', async (_req, { app }) => {
  const body = await healthReport(app);
  return json(body, body.status === 'ok' ? 200 : 503);
});
