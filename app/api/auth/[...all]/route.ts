/** better-auth's endpoints (`/api/auth/sign-in/email`, `/api/auth/sign-out`, `/api/auth/get-session`, …); see `server/auth/auth.ts`. */
import { toNextJsHandler } from 'better-auth/next-js';
import { getApp } from '@/server/app';

export const dynamic = 'force-dynamic';

const handle = (req: Request) => getApp().auth.handler(req);
export const { GET, POST } = toNextJsHandler(handle);
