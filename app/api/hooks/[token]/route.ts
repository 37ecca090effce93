/** `POST /api/hooks/{token}`: a webhook trigger's URL (see `server/triggers/webhook.ts`). */
import { getApp } from '@/server/app';
import { handleWebhook } from '@/server/triggers/webhook';
import { notServedHere } from '@/server/process-role';

export const dynamic = 'force-dynamic';

async function handle(req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const elsewhere = notServedHere(new URL(req.url).pathname);
  if (elsewhere) return elsewhere;
  const { token } = await ctx.params;
  return handleWebhook(getApp(), token, req);
}

export const POST = handle;
export const GET = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
