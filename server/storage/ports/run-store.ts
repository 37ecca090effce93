/** The runner's port: run rows, transitions applied under the run's version guard (group commit), the job queue. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RunStorePort {}
