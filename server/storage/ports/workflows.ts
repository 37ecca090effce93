/** Workflows, drafts and published versions. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorkflowStorePort {}
