/** The engine's JSON fixture workflows, parsed with the document schema. */
import { WorkflowDocumentSchema, type WorkflowDocument } from '../../workflow/document';
import linear from '../__fixtures__/linear.json';
import exclusive from '../__fixtures__/exclusive.json';
import exclusiveNoDefault from '../__fixtures__/exclusive-no-default.json';
import parallel2 from '../__fixtures__/parallel-2.json';
import parallel5 from '../__fixtures__/parallel-5.json';
import nestedSplit from '../__fixtures__/nested-split.json';
import approval from '../__fixtures__/approval.json';
import parallelApproval from '../__fixtures__/parallel-approval.json';
import joinStuck from '../__fixtures__/join-stuck.json';
import loop from '../__fixtures__/loop.json';
import joinWithoutSplit from '../__fixtures__/join-without-split.json';
import retryFx from '../__fixtures__/retry.json';
import retryErrorEdgeFx from '../__fixtures__/retry-error-edge.json';
import sagaFx from '../__fixtures__/saga.json';
import sagaCompensateEndFx from '../__fixtures__/saga-compensate-end.json';
import waitFx from '../__fixtures__/wait.json';
import escalationFx from '../__fixtures__/escalation.json';
import reminderFx from '../__fixtures__/reminder.json';
import approvalDueFx from '../__fixtures__/approval-due.json';
import inclusiveFx from '../__fixtures__/inclusive.json';
import subWorkflowFx from '../__fixtures__/sub-workflow.json';
import forEachFx from '../__fixtures__/for-each.json';

const raw = {
  linear,
  exclusive,
  'exclusive-no-default': exclusiveNoDefault,
  'parallel-2': parallel2,
  'parallel-5': parallel5,
  'nested-split': nestedSplit,
  approval,
  'parallel-approval': parallelApproval,
  'join-stuck': joinStuck,
  loop,
  'join-without-split': joinWithoutSplit,
  'retry': retryFx,
  'retry-error-edge': retryErrorEdgeFx,
  'saga': sagaFx,
  'saga-compensate-end': sagaCompensateEndFx,
  'wait': waitFx,
  'escalation': escalationFx,
  'reminder': reminderFx,
  'approval-due': approvalDueFx,
  'inclusive': inclusiveFx,
  'sub-workflow': subWorkflowFx,
  'for-each': forEachFx,
};

export type FixtureName = keyof typeof raw;
export const FIXTURE_NAMES = Object.keys(raw) as FixtureName[];

/** A fresh parsed copy of fixture `name`. */
export function fixture(name: FixtureName): WorkflowDocument {
  return WorkflowDocumentSchema.parse(structuredClone(raw[name]));
}
