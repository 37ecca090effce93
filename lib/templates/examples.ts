/**
 * The example workflows seeded on first start (and offered as templates). Their HTTP steps call the demo
 * endpoints Baton serves itself under `/api/demo/` (relative URLs), so they run
 * without any network. Node positions come from the auto-layout.
 */
import { autoLayout } from '@/lib/layout/auto-layout';
import type { WorkflowDocument } from '@/lib/workflow/document';

import { edges, node } from './build';
import { providerRouting } from './routing';

function onboarding(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Customer onboarding',
    description: 'Credit check, a decision, parallel provisioning of CRM, billing and mailbox, then a manager approval.',
    nodes: [
      node('start', 'manualTrigger', 'New customer', {
        inputFields: [
          { name: 'company', label: 'Company', type: 'text', required: true, options: '' },
          { name: 'contact', label: 'Contact email', type: 'text', required: true, options: '' },
          { name: 'plan', label: 'Plan', type: 'select', required: true, options: 'starter, business, enterprise' },
          { name: 'seats', label: 'Seats', type: 'number', required: false, options: '' },
        ],
      }),
      node('credit_check', 'http', 'Credit check', {
        method: 'POST',
        url: '/api/demo/credit-check',
        headers: [],
        body: '{ "company": $input.company, "plan": $input.plan }',
        timeoutMs: 10000,
        failOnHttpError: true,
      }),
      node('decision', 'exclusiveGateway', 'Credit OK?', {
        branches: [{ id: 'approved', label: 'Score ≥ 600', condition: '$steps.credit_check.output.body.score >= 600' }],
      }),
      node('provision', 'parallelSplit', 'Provision'),
      node('crm', 'http', 'Create CRM account', { method: 'POST', url: '/api/demo/provision/crm', headers: [], body: '{ "company": $input.company }', timeoutMs: 10000, failOnHttpError: true }),
      node('billing', 'http', 'Set up billing', {
        method: 'POST',
        url: '/api/demo/provision/billing',
        headers: [],
        body: '{ "company": $input.company, "plan": $input.plan, "seats": $input.seats ? $input.seats : 5 }',
        timeoutMs: 10000,
        failOnHttpError: true,
      }),
      node('mailbox', 'http', 'Create mailbox', { method: 'POST', url: '/api/demo/provision/mailbox', headers: [], body: '{ "contact": $input.contact }', timeoutMs: 10000, failOnHttpError: true }),
      node('provisioned', 'parallelJoin', 'All provisioned'),
      node('manager_approval', 'userTask', 'Manager approval', {
        title: 'Approve onboarding of {{ $input.company }}',
        description: 'Accounts are ready. Check the credit score and plan, then approve the go-live.',
        assignee: 'sam',
        context:
          '{ "company": $input.company, "plan": $input.plan, "creditScore": $steps.credit_check.output.body.score, "crmAccount": $steps.crm.output.body.accountId }',
        formFields: [
          { name: 'kickoff', label: 'Kick-off date', type: 'date', required: false, options: '' },
          { name: 'comment', label: 'Comment', type: 'textarea', required: false, options: '' },
        ],
        outcomes: [
          { id: 'approve', label: 'Approve' },
          { id: 'reject', label: 'Reject' },
        ],
      }),
      node('welcome', 'transform', 'Welcome summary', {
        expression:
          '{ "company": $input.company, "plan": $input.plan, "accounts": { "crm": $steps.crm.output.body.accountId, "billing": $steps.billing.output.body.accountId, "mailbox": $steps.mailbox.output.body.accountId }, "approvedBy": $steps.manager_approval.output.completedBy }',
        assignTo: 'summary',
      }),
      node('onboarded', 'end', 'Onboarded', { output: '$merge([$vars.summary, { "status": "onboarded" }])' }),
      node('declined', 'end', 'Declined', { output: '{ "company": $input.company, "status": "declined" }' }),
    ],
    edges: edges([
      ['start', 'credit_check'],
      ['credit_check', 'decision'],
      ['decision', 'provision', 'approved'],
      ['decision', 'declined', 'default'],
      ['provision', 'crm'],
      ['provision', 'billing'],
      ['provision', 'mailbox'],
      ['crm', 'provisioned'],
      ['billing', 'provisioned'],
      ['mailbox', 'provisioned'],
      ['provisioned', 'manager_approval'],
      ['manager_approval', 'welcome', 'approve'],
      ['manager_approval', 'declined', 'reject'],
      ['welcome', 'onboarded'],
    ]),
  };
}

function expenses(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Expense approval',
    description: 'Small expenses are approved automatically; larger ones go to finance, then the payment is scheduled.',
    nodes: [
      node('start', 'manualTrigger', 'Expense claim', {
        inputFields: [
          { name: 'employee', label: 'Employee', type: 'text', required: true, options: '' },
          { name: 'amount', label: 'Amount (EUR)', type: 'number', required: true, options: '' },
          { name: 'purpose', label: 'Purpose', type: 'textarea', required: false, options: '' },
        ],
      }),
      node('size', 'exclusiveGateway', 'Amount under 100?', {
        branches: [{ id: 'small', label: 'Under 100', condition: '$input.amount < 100' }],
      }),
      node('auto', 'transform', 'Auto-approve', { expression: '{ "decision": "approve", "by": "policy" }', assignTo: 'approval' }),
      node('finance_review', 'userTask', 'Finance review', {
        title: 'Expense of {{ $input.amount }} EUR by {{ $input.employee }}',
        description: '{{ $input.purpose }}',
        assignee: 'priya',
        context: '{ "employee": $input.employee, "amount": $input.amount, "purpose": $input.purpose }',
        formFields: [{ name: 'costCenter', label: 'Cost center', type: 'select', required: true, options: 'Sales, Engineering, Operations' }],
        outcomes: [
          { id: 'approve', label: 'Approve' },
          { id: 'reject', label: 'Reject' },
        ],
      }),
      node('pay', 'http', 'Schedule payment', {
        method: 'POST',
        url: '/api/demo/payments',
        headers: [{ name: 'X-Requested-By', value: 'baton/{{ $run.id }}' }],
        body: '{ "employee": $input.employee, "amount": $input.amount }',
        timeoutMs: 10000,
        failOnHttpError: true,
      }),
      node('paid', 'end', 'Paid', { output: '{ "status": "paid", "paymentId": $steps.pay.output.body.paymentId }' }),
      node('rejected', 'end', 'Rejected', { output: '{ "status": "rejected" }' }),
    ],
    edges: edges([
      ['start', 'size'],
      ['size', 'auto', 'small'],
      ['size', 'finance_review', 'default'],
      ['auto', 'pay'],
      ['finance_review', 'pay', 'approve'],
      ['finance_review', 'rejected', 'reject'],
      ['pay', 'paid'],
    ]),
  };
}

function inventorySync(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Inventory sync',
    description: 'Reads stock from the warehouse and open orders from the shop at the same time, then computes what to reorder.',
    nodes: [
      node('start', 'manualTrigger', 'Start sync', { inputFields: [{ name: 'threshold', label: 'Reorder below', type: 'number', required: false, options: '' }] }),
      node('fanout', 'parallelSplit', 'Fetch both'),
      node('stock', 'http', 'Warehouse stock', { method: 'GET', url: '/api/demo/inventory', headers: [], body: '', timeoutMs: 10000, failOnHttpError: true }),
      node('orders', 'http', 'Open orders', { method: 'GET', url: '/api/demo/orders', headers: [], body: '', timeoutMs: 10000, failOnHttpError: true }),
      node('both', 'parallelJoin', 'Both fetched'),
      node('reorder', 'transform', 'Compute reorders', {
        expression:
          '( $t := $input.threshold ? $input.threshold : 10; $orders := $steps.orders.output.body.orders; [$steps.stock.output.body.items.( $s := sku; $left := quantity - $sum($orders[sku = $s].quantity); $left < $t ? { "sku": sku, "name": name, "available": $left, "reorder": $t * 2 - $left } )] )',
      }),
      node('done', 'end', 'Done', { output: '{ "reorders": $steps.reorder.output }' }),
    ],
    edges: edges([['start', 'fanout'], ['fanout', 'stock'], ['fanout', 'orders'], ['stock', 'both'], ['orders', 'both'], ['both', 'reorder'], ['reorder', 'done']]),
  };
}

function ticketTriage(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Support ticket triage',
    description: 'Reads the mood of a customer message offline; happy customers get an automatic reply, the others a priority from a decision table, an SLA computed in code and a support lead.',
    nodes: [
      node('start', 'manualTrigger', 'Customer message', {
        inputFields: [
          { name: 'customer', label: 'Customer', type: 'text', required: true, options: '' },
          { name: 'message', label: 'Message', type: 'textarea', required: true, options: '' },
          { name: 'tier', label: 'Tier', type: 'select', required: true, options: 'standard, gold, platinum' },
          { name: 'orderTotal', label: 'Order total (EUR)', type: 'number', required: false, options: '' },
        ],
      }),
      node('mood', 'classifyText', 'Message mood', {
        text: '$input.message',
        labels: [
          { id: 'refund', keywords: 'refund, money back, chargeback, return' },
          { id: 'delivery', keywords: 'late, delivery, shipping, never arrived, tracking' },
        ],
        routeBy: 'sentiment',
      }),
      node('thanks', 'transform', 'Automatic reply', {
        expression: '{ "reply": "Thank you, " & $input.customer & "! We are glad to hear it.", "labels": $steps.mood.output.labels }',
      }),
      node('priority', 'decisionTable', 'Priority rules', {
        hitPolicy: 'FIRST',
        table: {
          inputs: [
            { label: 'Tier', expression: '$input.tier' },
            { label: 'Order total', expression: '$input.orderTotal ? $input.orderTotal : 0' },
            { label: 'Mood score', expression: '$steps.mood.output.sentiment.score' },
          ],
          outputs: [{ name: 'priority' }, { name: 'slaHours' }],
          rules: [
            { when: ['"platinum"', '-', '-'], then: ['"urgent"', '2'], note: 'Platinum customers first' },
            { when: ['-', '>= 1000', '-'], then: ['"high"', '4'], note: 'Large orders' },
            { when: ['-', '-', '< -3'], then: ['"high"', '8'], note: 'Very unhappy' },
            { when: ['-', '-', '-'], then: ['"normal"', '24'], note: 'Everything else' },
          ],
        },
      }),
      node('sla', 'code', 'Compute SLA', {
        code: [
          'const rule = $steps.priority.output.result;',
          'const due = new Date(Date.parse($run.startedAt) + rule.slaHours * 3600 * 1000);',
          'const labels = $steps.mood.output.labels;',
          'console.log(`priority ${rule.priority}, due in ${rule.slaHours} h`);',
          'return { priority: rule.priority, dueAt: due.toISOString(), suggestRefund: labels.includes("refund") && ($input.orderTotal ?? 0) < 200 };',
        ].join('\n'),
      }),
      node('lead', 'userTask', 'Support lead', {
        title: '{{ $steps.sla.output.priority }}: message from {{ $input.customer }}',
        description: '{{ $input.message }}',
        assignee: 'priya',
        context: '{ "customer": $input.customer, "tier": $input.tier, "mood": $steps.mood.output.sentiment.label, "labels": $steps.mood.output.labels, "dueAt": $steps.sla.output.dueAt, "suggestRefund": $steps.sla.output.suggestRefund }',
        formFields: [{ name: 'answer', label: 'Answer to the customer', type: 'textarea', required: true, options: '' }],
        outcomes: [
          { id: 'resolved', label: 'Resolved' },
          { id: 'refund', label: 'Refund' },
        ],
      }),
      node('replied', 'end', 'Replied', { output: '{ "status": "auto-replied", "reply": $steps.thanks.output.reply }' }),
      node('handled', 'end', 'Handled', { output: '{ "status": "handled", "priority": $steps.sla.output.priority, "answer": $steps.lead.output.data.answer }' }),
      node('refunded', 'end', 'Refund', { output: '{ "status": "refund", "priority": $steps.sla.output.priority }' }),
    ],
    edges: edges([
      ['start', 'mood'],
      ['mood', 'thanks', 'positive'],
      ['mood', 'priority', 'neutral'],
      ['mood', 'priority', 'negative'],
      ['thanks', 'replied'],
      ['priority', 'sla'],
      ['sla', 'lead'],
      ['lead', 'handled', 'resolved'],
      ['lead', 'refunded', 'refund'],
    ]),
  };
}

/** The examples, laid out top to bottom. */
export const EXAMPLE_WORKFLOWS: () => WorkflowDocument[] = () => [onboarding(), expenses(), inventorySync(), ticketTriage(), providerRouting()].map((doc) => autoLayout(doc));

export { onboarding, expenses, inventorySync, ticketTriage };

/**
 * Example people named by the example workflows. They have roles but no password:
 * an admin sets one on the People page before they can sign in.
 */
export const EXAMPLE_USERS = [
  { id: 'alex', name: 'Alex Rivera', email: 'alex@example.com', roles: 'designer,operator' },
  { id: 'sam', name: 'Sam Chen', email: 'sam@example.com', roles: 'approver' },
  { id: 'priya', name: 'Priya Nair', email: 'priya@example.com', roles: 'approver' },
];
