/** `POST /api/hooks/{token}`: a webhook trigger's URL (see `server/triggers/webhook.ts`). */
import { getApp } from '@/server/app';
import { handleWebhook } from '@/server/triggers/webhook';

export const dynamic = 'force-dynamic';

async function handle(req: Request, ctx: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await ctx.params;
  return handleWebhook(getApp(), token, req);
}

export const POST = handle;
export const GET = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
