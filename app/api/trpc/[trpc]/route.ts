import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { guardTrpcRequest, TRPC_ENDPOINT } from '@/server/api/request-guard';
import { TRPC_MAX_BATCH_CALLS } from '@/lib/trpc/limits';
import { notServedHere } from '@/server/process-role';

export const dynamic = 'force-dynamic';

/** Seconds a client is told to wait when the database is out of reach (503), as the REST API says. */
const RETRY_AFTER_S = '2';

/**
 * Batch size, body size (read while it streams) and input depth are checked first: `server/api/request-guard.ts`.
 * A response carrying a 503 (the database restarting) tells the client when to try again (`Retry-After`).
 */
const handler = async (request: Request) => {
  const elsewhere = notServedHere(new URL(request.url).pathname);
  if (elsewhere) return elsewhere;
  const guarded = await guardTrpcRequest(request);
  if (guarded.response) return guarded.response;
  const { req } = guarded;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_CALLS,
    createContext: () => createContext(req),
    responseMeta: ({ errors }) => (errors.some((e) => e.code === 'SERVICE_UNAVAILABLE') ? { headers: { 'Retry-After': RETRY_AFTER_S } } : {}),
  });
};

export { handler as GET, handler as POST };
