/** `POST /api/v1/runs/{runId}/cancel` `{ reason? }`: cancels a running or waiting run (200); 409 when it already ended. */
import { z } from 'zod';
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

const CancelRunRequestSchema = z.object({ reason: z.string().max(500).optional() }).strict();

export const POST = handler<{ runId: string }>('run.cancel', async (req, { params, app, user }) => {
  const raw = await readJson(req, { optional: true });
  const body = parseWith(CancelRunRequestSchema, raw === undefined ? {} : raw);
  await app.runs.cancel(params.runId, user.id, body.reason ?? '');
  return json({ runId: params.runId, status: 'cancelled' });
});

export const GET = methodNotAllowed(['POST']);
