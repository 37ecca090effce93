import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';

export const dynamic = 'force-dynamic';

/** Largest tRPC request body, bytes (a workflow document with 2,000 nodes fits well within it). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const handler = async (req: Request) => {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) {
    return Response.json(
      { error: { message: `request body is larger than ${MAX_BODY_BYTES} bytes`, code: -32600, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } },
      { status: 413 },
    );
  }
  return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => createContext(req) });
};

export { handler as GET, handler as POST };
