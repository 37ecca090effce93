/** Run view model: fold a run's log into what the live run view draws. Pure; no React. */
export * from './types';
export { applyLog, applyLogs, initialRunView, reduceLog } from './reduce';
export { nodeStatuses, stepNodeStatus, type NodeRunInfo } from './node-status';
export { stepDetail, formatCountdown, clockTime, type StepDetail } from './overlay';
export { runHref, parentRun, type ParentRef } from './links';
export { diffVersions, diffLines, retryBlockers, type VersionDiff } from './version-diff';
export { absoluteTime, formatDuration, initials, outcomeTone, relativeTime, summarize } from './format';
