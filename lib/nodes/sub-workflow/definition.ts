import { z } from 'zod';
import { COMPENSATION_PORT, defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { expressionField } from '../fields';
import { workflowIdField, workflowVersionField } from '../workflow-ref';

/**
 * Sub-workflow (BPMN 2.0 §10.3.5 call activity): starts a run of another published
 * workflow with the evaluated `input` and waits for it (durably: a row, not a
 * promise). The child's output becomes this step's output (port `out`). A child
 * that fails, is cancelled or compensated fails this step: port `error` when drawn
 * (the error names the child run), else the run fails. Cancelling this run cancels
 * the child.
 */
export const subWorkflowConfig = z.object({
  workflowId: workflowIdField(),
  version: workflowVersionField(),
  input: expressionField({ title: 'Input', description: 'JSONata giving the child run input', placeholder: '{ "orderId": $input.orderId }' }).default('$input'),
});
export type SubWorkflowConfig = z.infer<typeof subWorkflowConfig>;

export const subWorkflow = defineNodeType({
  type: 'subWorkflow',
  label: 'Sub-workflow',
  description: 'Runs another published workflow and waits for its result.',
  keywords: ['call', 'child', 'subprocess', 'call activity', 'reuse', 'nested'],
  category: 'Flow',
  icon: 'workflow',
  accent: '#6366f1',
  behavior: 'task',
  inline: true,
  configSchema: subWorkflowConfig,
  defaults: (): SubWorkflowConfig => ({ workflowId: '', input: '$input' }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT, COMPENSATION_PORT],
  summary: (c) => (c.workflowId ? `run ${c.workflowId}${c.version ? ` v${c.version}` : ''}` : '(no workflow)'),
});
