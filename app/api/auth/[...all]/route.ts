/**
 * better-auth's endpoints (`/api/auth/sign-in/email`, `/api/auth/sign-out`, `/api/auth/get-session`, …); see `server/auth/auth.ts`.
 * The body is read first under `BODY_LIMITS.auth` (64 KiB, `BATON_AUTH_BODY_LIMIT`) while it
 * streams, so an oversized upload is refused with 413 before better-auth reads it whole.
 */
import { toNextJsHandler } from 'better-auth/next-js';
import { getApp } from '@/server/app';
import { BODY_LIMITS, limitRequest } from '@/server/http/body';

export const dynamic = 'force-dynamic';

const handle = async (req: Request) => {
  const limited = await limitRequest(req, BODY_LIMITS.auth, 'auth');
  if (limited.response) return limited.response;
  return getApp().auth.handler(limited.req);
};
export const { GET, POST } = toNextJsHandler(handle);
