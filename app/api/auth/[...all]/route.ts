/**
 * better-auth's endpoints (`/api/auth/sign-in/email`, `/api/auth/sign-out`, `/api/auth/get-session`, …); see `server/auth/auth.ts`.
 * The body is read first under `BODY_LIMITS.auth` (64 KiB, `BATON_AUTH_BODY_LIMIT`) while it
 * streams, so an oversized upload is refused with 413 before better-auth reads it whole; a body
 * nested deeper than `BATON_JSON_MAX_DEPTH` (64) levels is refused with 400 naming the limit
 * (`{ message, code: 'BAD_REQUEST' }`, better-auth's error shape) before better-auth parses it.
 */
import { toNextJsHandler } from 'better-auth/next-js';
import { getApp } from '@/server/app';
import { BODY_LIMITS, errorInStyle, limitRequest } from '@/server/http/body';
import { jsonTooDeep, tooDeepMessage } from '@/server/http/json';
import { notServedHere } from '@/server/process-role';

export const dynamic = 'force-dynamic';

const handle = async (req: Request) => {
  const elsewhere = notServedHere(new URL(req.url).pathname);
  if (elsewhere) return elsewhere;
  const limited = await limitRequest(req, BODY_LIMITS.auth, 'auth');
  if (limited.response) return limited.response;
  if (jsonTooDeep(limited.bytes)) return errorInStyle('auth', 400, 'bad_request', `body: ${tooDeepMessage()}`);
  return getApp().auth.handler(limited.req);
};
export const { GET, POST } = toNextJsHandler(handle);
