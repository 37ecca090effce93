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
};

export type FixtureName = keyof typeof raw;
export const FIXTURE_NAMES = Object.keys(raw) as FixtureName[];

/** A fresh parsed copy of fixture `name`. */
export function fixture(name: FixtureName): WorkflowDocument {
  return WorkflowDocumentSchema.parse(structuredClone(raw[name]));
}
