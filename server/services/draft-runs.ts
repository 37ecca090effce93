/**
 * Test runs of a workflow's draft: what may start one, and the snapshot it executes.
 *
 * A test run executes a copy of the draft taken when it starts (stored with the run in
 * `run_drafts`, see `server/db/schema.ts`), so later edits of the draft never change it
 * and a restarted runner reads the same definition. It creates no version, and the
 * workflow's `latestVersion` stays as it was. Triggers (schedules, webhooks) never start
 * test runs: they start published versions only.
 */
import 'server-only';
import type { RunReadPort } from '../storage/ports/run-reads';
import { AppError } from '../errors';
import { load, type LoadedVersion } from '../runner/definitions';
import { requireDocument } from './workflows';
import { validateWorkflow } from '@/lib/workflow/validate';
import { can, type Permission } from '@/lib/auth/roles';

/** Who may start a test run of a draft: whoever may start runs, and whoever may edit workflows. */
export const TEST_RUN_PERMISSIONS: readonly Permission[] = ['run.start', 'workflow.edit'];

/**
 * Refuses a person none of whose roles grants one of `permissions`.
 * @throws AppError('forbidden') naming the permissions.
 */
export function requireAnyPermission(user: { roles: readonly string[] }, permissions: readonly Permission[]): void {
  if (permissions.some((p) => can(user.roles, p))) return;
  const names = permissions.join(' or ');
  throw new AppError('forbidden', `your role does not allow this (it needs ${names})`, [{ path: [], message: `missing permission ${names}`, code: 'FORBIDDEN_ROLE' }]);
}

/** The draft a test run executes: its compiled definition and the snapshot stored with the run. */
export interface DraftSnapshot {
  loaded: LoadedVersion;
  /** The draft revision the snapshot was taken from. */
  revision: number;
  /** The snapshot document as JSON text (stored verbatim in `run_drafts.document`). */
  document: string;
}

/**
 * Takes a snapshot of a workflow's saved draft for a test run, refusing a draft with
 * blocking problems (the same check as publishing), each issue naming its node.
 * @throws AppError: not_found (workflow), invalid (blocking problems; `issues[].nodeId`).
 */
export async function snapshotDraft(reads: Pick<RunReadPort, 'draftSource'>, workflowId: string): Promise<DraftSnapshot> {
  const w = await reads.draftSource(workflowId);
  if (!w) throw new AppError('not_found', `workflow "${workflowId}" not found`, [{ path: ['workflowId'], message: 'no such workflow' }]);
  const doc = requireDocument(JSON.parse(w.draft), ['draft']);
  const blocking = validateWorkflow(doc).filter((p) => p.severity === 'error');
  if (blocking.length) {
    const first = blocking[0];
    const where = first.nodeId ? ` (node "${first.nodeId}")` : '';
    throw new AppError(
      'invalid',
      `cannot test-run the draft: ${blocking.length} problem${blocking.length === 1 ? '' : 's'} — ${first.message}${where}`,
      blocking.map((p) => ({ path: p.nodeId ? ['draft', 'nodes', p.nodeId, ...(p.path ?? [])] : p.edgeId ? ['draft', 'edges', p.edgeId] : ['draft'], message: p.message, nodeId: p.nodeId, code: p.code })),
    );
  }
  return { loaded: load(doc), revision: w.revision, document: JSON.stringify(doc) };
}
