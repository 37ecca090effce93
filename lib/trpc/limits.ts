/**
 * Bounds of a tRPC request shared by the browser's batch link and the server
 * (`server/api/request-guard.ts`): a batch request holds at most
 * {@link TRPC_MAX_BATCH_CALLS} procedure calls, so one request cannot ask for an
 * unbounded amount of work. Fixed (not configurable): the app's own client splits larger
 * batches at the same number.
 */
export const TRPC_MAX_BATCH_CALLS = 20;
