/** Run view model: fold a run's log into what the live run view draws. Pure; no React. */
export * from './types';
export { applyLog, applyLogs, initialRunView, reduceLog } from './reduce';
export { nodeStatuses, type NodeRunInfo } from './node-status';
export { absoluteTime, formatDuration, initials, outcomeTone, relativeTime, summarize } from './format';
