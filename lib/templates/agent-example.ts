/**
 * The seeded AI agent example: a support agent that looks orders up and issues refunds,
 * two published workflows used as its tools, the refund needing a person's approval.
 * Its model is Baton's offline demo endpoint (`/api/demo/agent`, `demo-agent.ts`), so it
 * runs without a network or a key. Tools are created first; the agent names their ids.
 */
import { autoLayout } from '@/lib/layout/auto-layout';
import type { WorkflowDocument } from '@/lib/workflow/document';
import { demoCall, edges, node } from './build';

/** The two tool workflows: `lookup` (orderId → order) and `refund` (orderId, amount → refund). */
export function agentTools(): { lookup: WorkflowDocument; refund: WorkflowDocument } {
  const lookup: WorkflowDocument = {
    schemaVersion: 1,
    name: 'Tool: look up order',
    description: 'Used by the support agent: an order by id (demo data).',
    nodes: [
      node('start', 'manualTrigger', 'Order id', { inputFields: [{ name: 'orderId', label: 'Order id, e.g. A-1042', type: 'text', required: true, options: '', max: 20 }] }),
      node('order', 'transform', 'Find order', { expression: '{ "orderId": $input.orderId, "status": "lost in transit", "total": 89, "customer": "dana@example.com", "carrier": "DHL" }' }),
      node('done', 'end', 'Order', { output: '$steps.order.output' }),
    ],
    edges: edges([
      ['start', 'order'],
      ['order', 'done'],
    ]),
  };
  const refund: WorkflowDocument = {
    schemaVersion: 1,
    name: 'Tool: issue refund',
    description: 'Used by the support agent: refunds an order through the demo payment provider.',
    nodes: [
      node('start', 'manualTrigger', 'Refund', {
        inputFields: [
          { name: 'orderId', label: 'Order id', type: 'text', required: true, options: '', max: 20 },
          { name: 'amount', label: 'Amount in EUR', type: 'number', required: true, options: '', min: 1, max: 500 },
        ],
      }),
      demoCall('pay', 'Refund payment', 'POST', 'payments/refund', '{ "chargeId": $input.orderId, "amount": $input.amount }'),
      node('done', 'end', 'Refunded', { output: '{ "refundId": $steps.pay.output.body.refundId, "status": $steps.pay.output.body.status, "amount": $input.amount }' }),
    ],
    edges: edges([
      ['start', 'pay'],
      ['pay', 'done'],
    ]),
  };
  return { lookup: autoLayout(lookup), refund: autoLayout(refund) };
}

/** The agent workflow, its tools being the published workflows `ids.lookup` and `ids.refund`. */
export function supportAgent(ids: { lookup: string; refund: string }): WorkflowDocument {
  return autoLayout({
    schemaVersion: 1,
    name: 'Support agent (demo)',
    description: 'An AI agent answers a customer: it looks the order up and proposes a refund, which a person approves in the inbox. Its model is Baton\'s offline demo model.',
    nodes: [
      node('start', 'manualTrigger', 'Customer message', { inputFields: [{ name: 'message', label: 'Message', type: 'textarea', required: true, options: '', max: 4000 }] }),
      node('agent', 'aiAgent', 'Support agent', {
        baseUrl: '/api/demo/agent',
        model: 'baton-demo-agent',
        credentialId: '',
        systemPrompt: 'You are a support agent of an online shop. Look orders up before answering; refund lost or damaged orders.',
        userPrompt: '{{ $input.message }}',
        tools: [
          { name: 'lookup_order', description: 'Find an order by its id', workflowId: ids.lookup, requiresApproval: false },
          { name: 'issue_refund', description: 'Refund an order (a person approves each refund)', workflowId: ids.refund, requiresApproval: true },
        ],
        approvers: '',
        budgets: { maxModelCalls: 6, maxTotalTokens: 20_000, maxDurationMs: 86_400_000 },
        maxToolErrors: 2,
        outputSchema: '',
        timeoutMs: 30_000,
        retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 10_000, jitter: 0.2 },
      }),
      node('replied', 'end', 'Reply', { output: '{ "reply": $steps.agent.output.answer, "tokens": $steps.agent.output.totals.totalTokens }' }),
      node('escalated', 'end', 'Needs a person', { output: '{ "escalated": true, "why": $steps.agent.error.message }' }),
    ],
    edges: edges([
      ['start', 'agent'],
      ['agent', 'replied'],
      ['agent', 'escalated', 'error'],
    ]),
  });
}
