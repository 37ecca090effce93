/** Workflows of AI agent tests: tool workflows and an agent workflow whose `error` port ends with the error. */
import type { App } from '@/server/app';
import { publish } from './app';
import { doc, edge, http, node } from './docs';

/** Publishes the tools: `lookup_order` (orderId → status), `refund` (amount → refunded), `slow` (an HTTP call to `slowUrl`). */
export async function publishTools(app: App, slowUrl?: string) {
  const lookup = await publish(
    app,
    doc(
      'Lookup order',
      [node('start', 'manualTrigger', { inputFields: [{ name: 'orderId', label: 'Order id', type: 'text', required: true, options: '' }] }), node('done', 'end', { output: '{ "orderId": $input.orderId, "status": "shipped" }' })],
      [edge('start', 'done')],
    ),
  );
  const refund = await publish(
    app,
    doc(
      'Refund',
      [node('start', 'manualTrigger', { inputFields: [{ name: 'amount', label: 'Amount', type: 'number', required: true, options: '', max: 1000 }] }), node('done', 'end', { output: '{ "refunded": $input.amount }' })],
      [edge('start', 'done')],
    ),
  );
  const slow = slowUrl
    ? await publish(
        app,
        doc(
          'Slow',
          [node('start', 'manualTrigger', { inputFields: [{ name: 'label', label: 'Label', type: 'text', required: true, options: '' }] }), http('call', slowUrl), node('done', 'end', { output: '{ "label": $input.label }' })],
          [edge('start', 'call'), edge('call', 'done')],
        ),
      )
    : '';
  return { lookup, refund, slow };
}

/** An agent workflow: start → agent → done (its output), agent error → failed (`{ error }`). */
export async function publishAgent(app: App, name: string, config: Record<string, unknown>) {
  return publish(
    app,
    doc(
      name,
      [
        node('start', 'manualTrigger'),
        node('agent', 'aiAgent', { userPrompt: 'Help with order A1', systemPrompt: 'You are a support agent.', retry: { maxAttempts: 3, initialIntervalMs: 10, backoffFactor: 1, maxIntervalMs: 5000, jitter: 0 }, ...config }),
        node('done', 'end', { output: '$steps.agent.output' }),
        node('failed', 'end', { output: '{ "error": $steps.agent.error }' }),
      ],
      [edge('start', 'agent'), edge('agent', 'done'), edge('agent', 'failed', 'error')],
    ),
  );
}
