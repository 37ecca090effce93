/**
 * Limits of the version history, shared by the service, tRPC, the REST schemas, the
 * OpenAPI document and the Publish dialog. Pure.
 */

/** Versions per page of the history: default and most a client may ask for (`limit`). */
export const VERSION_PAGE = { default: 50, max: 200 } as const;

/** Longest publish note, characters (after trimming). */
export const MAX_VERSION_NOTE = 1000;
