/**
 * Links between runs. Child runs get deterministic ids from their parent (see
 * `lib/engine/children.ts` and the runner): a sub-workflow step's child is
 * `<parentRunId>.<nodeId>-<n>` (the step id `<nodeId>#<n>` with `-`), a for-each
 * item's is `<parentRunId>.<nodeId>#<n>.<index>`. Neither node ids nor run ids
 * contain a dot or a `-`, so the parent is read off the id.
 */

/** The path of a run's page (child run ids contain `#`, which must be escaped). */
export function runHref(runId: string): string {
  return `/runs/${encodeURIComponent(runId)}`;
}

export interface ParentRef {
  /** The run that started this one (for a grandchild, the child in between). */
  runId: string;
  /** The parent's step that started it, as a step id (`sub#1`, `each#2`). */
  stepId: string;
  /** For-each item index (0-based); null for a sub-workflow child. */
  index: number | null;
  /** The top-level run of the chain. */
  rootRunId: string;
}

/** The run that started `runId`, or null for a top-level run. */
export function parentRun(runId: string): ParentRef | null {
  const parts = runId.split('.');
  if (parts.length < 2) return null;
  const last = parts[parts.length - 1]!;
  const rootRunId = parts[0]!;
  const before = parts[parts.length - 2]!;
  if (/^\d+$/.test(last) && parts.length >= 3 && STEP.test(before))
    return { runId: parts.slice(0, -2).join('.'), stepId: asStepId(before), index: Number(last), rootRunId };
  if (STEP.test(last)) return { runId: parts.slice(0, -1).join('.'), stepId: asStepId(last), index: null, rootRunId };
  return { runId: rootRunId, stepId: '', index: null, rootRunId };
}

/** A step id in a run id: `<nodeId>#<n>` or `<nodeId>-<n>`. */
const STEP = /^[A-Za-z_][A-Za-z0-9_]*[#-]\d+$/;

function asStepId(segment: string): string {
  return segment.replace(/-(\d+)$/, '#$1');
}
