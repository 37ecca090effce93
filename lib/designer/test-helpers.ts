/** Small builders for designer unit tests. */
import { WorkflowDocumentSchema, type WorkflowDocument } from '@/lib/workflow/document';

type N = WorkflowDocument['nodes'][number];
type E = WorkflowDocument['edges'][number];

export const node = (id: string, type: string, config: Record<string, unknown> = {}, label?: string, x = 0, y = 0): N => ({
  id,
  type,
  label,
  position: { x, y },
  config,
});
export const edge = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in'): E => ({ id, source, target, sourcePort, targetPort });
export const doc = (nodes: N[], edges: E[] = []): WorkflowDocument => WorkflowDocumentSchema.parse({ schemaVersion: 1, name: 't', nodes, edges });

export const userTask = (id: string, outcomes: string[]) =>
  node(id, 'userTask', { title: 'Review', outcomes: outcomes.map((o) => ({ id: o, label: o[0]!.toUpperCase() + o.slice(1) })) }, 'Review');

/** trigger → review (approve/reject) → ok / no. */
export const approvalDoc = () =>
  doc(
    [node('start', 'manualTrigger', { inputFields: [] }, 'Start'), userTask('review', ['approve', 'reject']), node('ok', 'end'), node('no', 'end')],
    [edge('e1', 'start', 'review'), edge('e2', 'review', 'ok', 'approve'), edge('e3', 'review', 'no', 'reject')],
  );
