'use client';
/**
 * tRPC client plumbing for React: `TRPCProvider` wraps the app (with TanStack Query),
 * `useTRPC()` returns the typed options proxy (`trpc.workflows.list.queryOptions()`).
 */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/api/root';
import { TRPC_MAX_BATCH_CALLS } from './limits';

export const { TRPCProvider: InnerProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** A call answered 401: the session ended (signed out elsewhere, expired, disabled). Back to the sign-in page. */
function onError(err: unknown) {
  const code = (err as { data?: { code?: string } } | null)?.data?.code;
  if (code === 'UNAUTHORIZED' && typeof window !== 'undefined' && !window.location.pathname.startsWith('/sign-in') && !window.location.pathname.startsWith('/setup')) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: false, retry: (n, err) => n < 1 && (err as { data?: { httpStatus?: number } })?.data?.httpStatus !== 401 && (err as { data?: { httpStatus?: number } })?.data?.httpStatus !== 403 } },
  });
}

export function TRPCProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc', maxItems: TRPC_MAX_BATCH_CALLS })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <InnerProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </InnerProvider>
    </QueryClientProvider>
  );
}

/** The human message of a tRPC error, with its first issue if any. */
export function errorMessage(err: unknown): string {
  const e = err as { message?: string; data?: { issues?: { message: string; path?: (string | number)[] }[] } } | null;
  return e?.message ?? 'Something went wrong';
}

/** Field issues attached to a tRPC error by the server's error formatter. */
export function errorIssues(err: unknown): { path: (string | number)[]; message: string; nodeId?: string }[] {
  const e = err as { data?: { issues?: { path: (string | number)[]; message: string; nodeId?: string }[] } } | null;
  return e?.data?.issues ?? [];
}
