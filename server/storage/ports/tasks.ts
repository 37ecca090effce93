/** User tasks and the inbox. */

/**
 * A person's decision on a user task, checked and recorded inside the transaction that
 * applies the run's transition. Fields set by the tasks area.
 */
export interface TaskDecisionGuard {
  type: 'taskDecision';
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TaskStorePort {}
