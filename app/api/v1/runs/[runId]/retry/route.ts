/**
 * `POST /api/v1/runs/{runId}/retry` `{ version? }`: restarts a failed run from its
 * failed step(s), on its version or a newer published one (202); 409 with the reason
 * when the run cannot be retried.
 */
import { z } from 'zod';
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

const RetryRunRequestSchema = z.object({ version: z.number().int().min(1).optional() }).strict();

export const POST = handler<{ runId: string }>('run.retry', async (req, { params, app, user }) => {
  const raw = await readJson(req, { optional: true });
  const body = parseWith(RetryRunRequestSchema, raw === undefined ? {} : raw);
  const { version } = await app.runs.retry(params.runId, user.id, body.version);
  return json({ runId: params.runId, version }, 202);
});

export const GET = methodNotAllowed(['POST']);
