/**
 * Templates that show what Baton does beyond the seeded examples: escalation to a
 * group, a saga with compensation, four-eyes approval and an AI step. Every HTTP and
 * AI call goes to the demo endpoints Baton serves itself (`/api/demo/…`, see
 * `server/demo/showcase.ts`), so each template runs offline as soon as it is published.
 */
import type { WorkflowDocument } from '@/lib/workflow/document';
import { demoCall, edges, node } from './build';

/** Incident response: page the on-call engineer for SEV1, open a status page, and hand an overdue incident to the on-call group. */
export function incidentResponse(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Incident response',
    description: 'Opens an incident, pages on-call and updates the status page for SEV1, and hands an overdue incident to the on-call group.',
    nodes: [
      node('start', 'manualTrigger', 'Incident reported', {
        inputFields: [
          { name: 'service', label: 'Service', type: 'select', required: true, options: 'checkout, payments, search, mobile-api' },
          { name: 'severity', label: 'Severity', type: 'select', required: true, options: 'SEV1, SEV2, SEV3' },
          { name: 'summary', label: 'What is happening?', type: 'textarea', required: true, options: '', max: 2000 },
          { name: 'reporter', label: 'Reporter email', type: 'email', required: true, options: '' },
        ],
      }),
      demoCall('open_incident', 'Open incident', 'POST', 'incidents', '{ "service": $input.service, "severity": $input.severity, "summary": $input.summary }'),
      node('severity', 'exclusiveGateway', 'SEV1?', { branches: [{ id: 'sev1', label: 'SEV1', condition: '$input.severity = "SEV1"' }] }),
      node('notify', 'parallelSplit', 'Notify'),
      demoCall('page', 'Page on-call', 'POST', 'incidents/page', '{ "incidentId": $steps.open_incident.output.body.incidentId, "service": $input.service }', {
        retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 10000, jitter: 0.2 },
      }),
      demoCall('status_page', 'Post status page', 'POST', 'incidents/status-page', '{ "incidentId": $steps.open_incident.output.body.incidentId, "state": "investigating", "message": $input.summary }'),
      node('notified', 'parallelJoin', 'Notified'),
      node('mitigate', 'userTask', 'Mitigate incident', {
        title: '{{ $input.severity }} on {{ $input.service }}: {{ $steps.open_incident.output.body.incidentId }}',
        description: '{{ $input.summary }}\n\nRunbook: {{ $steps.open_incident.output.body.runbook }}',
        assignee: 'sam',
        priority: 'urgent',
        context: '{ "incident": $steps.open_incident.output.body.incidentId, "service": $input.service, "severity": $input.severity, "owner": $steps.open_incident.output.body.owner, "runbook": $steps.open_incident.output.body.runbook, "reporter": $input.reporter }',
        dueIn: 'PT30M',
        escalation: 'reassign',
        escalateToGroup: 'on-call',
        formFields: [
          { name: 'rootCause', label: 'Root cause', type: 'textarea', required: true, options: '' },
          { name: 'followUp', label: 'Follow-up owner email', type: 'email', required: false, options: '' },
        ],
        outcomes: [
          { id: 'resolved', label: 'Resolved' },
          { id: 'false_alarm', label: 'False alarm' },
        ],
      }),
      demoCall('close_incident', 'Close incident', 'POST', 'incidents/resolve', '{ "incidentId": $steps.open_incident.output.body.incidentId, "rootCause": $steps.mitigate.output.data.rootCause, "outcome": $steps.mitigate.output.outcome }'),
      node('resolved', 'end', 'Resolved', {
        output: '{ "incident": $steps.open_incident.output.body.incidentId, "outcome": $steps.mitigate.output.outcome, "resolvedBy": $steps.mitigate.output.completedBy, "minutesOpen": $steps.close_incident.output.body.minutesOpen }',
      }),
    ],
    edges: edges([
      ['start', 'open_incident'],
      ['open_incident', 'severity'],
      ['severity', 'notify', 'sev1'],
      ['severity', 'mitigate', 'default'],
      ['notify', 'page'],
      ['notify', 'status_page'],
      ['page', 'notified'],
      ['status_page', 'notified'],
      ['notified', 'mitigate'],
      ['mitigate', 'close_incident', 'resolved'],
      ['mitigate', 'close_incident', 'false_alarm'],
      ['close_incident', 'resolved'],
    ]),
  };
}

/** Order to cash as a saga: reserve stock, charge, ship, invoice; a refused shipment releases the stock and refunds the charge. */
export function orderToCash(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Order to cash',
    description: 'Reserves stock, charges the card, books shipping and sends the invoice; when shipping is refused, the charge is refunded and the stock released (saga).',
    nodes: [
      node('start', 'manualTrigger', 'Order placed', {
        inputFields: [
          { name: 'customer', label: 'Customer email', type: 'email', required: true, options: '' },
          { name: 'sku', label: 'Product', type: 'select', required: true, options: 'A-100, B-220, C-310, D-404' },
          { name: 'quantity', label: 'Quantity', type: 'number', required: true, options: '', min: 1, max: 100 },
          { name: 'country', label: 'Ship to', type: 'select', required: true, options: 'Germany, France, United States, Antarctica' },
        ],
      }),
      demoCall('reserve', 'Reserve stock', 'POST', 'stock/reserve', '{ "sku": $input.sku, "quantity": $input.quantity }'),
      demoCall('release', 'Release stock', 'POST', 'stock/release', '{ "reservationId": $steps.reserve.output.body.reservationId }'),
      demoCall('charge', 'Charge card', 'POST', 'payments/charge', '{ "customer": $input.customer, "amount": $steps.reserve.output.body.amount }', {
        retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 10000, jitter: 0.2 },
      }),
      demoCall('refund', 'Refund charge', 'POST', 'payments/refund', '{ "chargeId": $steps.charge.output.body.chargeId, "amount": $steps.charge.output.body.amount }'),
      demoCall('ship', 'Book shipping', 'POST', 'shipping', '{ "sku": $input.sku, "quantity": $input.quantity, "country": $input.country }'),
      demoCall('invoice', 'Send invoice', 'POST', 'invoices', '{ "customer": $input.customer, "chargeId": $steps.charge.output.body.chargeId, "amount": $steps.charge.output.body.amount }'),
      node('fulfilled', 'end', 'Fulfilled', {
        output: '{ "status": "fulfilled", "invoice": $steps.invoice.output.body.invoiceId, "tracking": $steps.ship.output.body.trackingNumber, "amount": $steps.charge.output.body.amount }',
      }),
      node('cancelled', 'end', 'Cancel order', { output: '{ "status": "cancelled", "reason": $steps.ship.error.message }', compensate: true }),
    ],
    edges: edges([
      ['start', 'reserve'],
      ['reserve', 'charge'],
      ['reserve', 'release', 'compensation'],
      ['charge', 'ship'],
      ['charge', 'refund', 'compensation'],
      ['ship', 'invoice'],
      ['ship', 'cancelled', 'error'],
      ['invoice', 'fulfilled'],
    ]),
  };
}
