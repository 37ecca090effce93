/** Read models of runs: lists, details, step and event pages. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RunReadPort {}
