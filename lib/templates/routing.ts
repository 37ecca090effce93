/**
 * The router example (seeded and offered as a template): a shipping quote asked of one
 * of two demo providers that Baton serves itself (`/api/demo/providers/…`, see
 * `server/demo/providers.ts`): "Steady Freight" fails about 5 % of the time, "Quick
 * Ship" about 40 %. The adaptive router learns to prefer the steady one; a provider's
 * failure leaves through its error port, so the run still ends, and counts against it.
 */
import type { WorkflowDocument } from '@/lib/workflow/document';
import { demoCall, edges, node } from './build';

const QUOTE_BODY = '{ "weightKg": $input.weightKg ? $input.weightKg : 5, "country": $input.country ? $input.country : "Germany" }';

export function providerRouting(): WorkflowDocument {
  return {
    schemaVersion: 1,
    name: 'Shipping quote routing',
    description: 'An adaptive router picks one of two demo carriers for each quote: one steady, one flaky. Run it a few times and watch the router learn.',
    nodes: [
      node('start', 'manualTrigger', 'Quote request', {
        inputFields: [
          { name: 'weightKg', label: 'Weight (kg)', type: 'number', required: false, options: '' },
          { name: 'country', label: 'Country', type: 'text', required: false, options: '' },
        ],
      }),
      node('pick', 'router', 'Pick a carrier', {
        candidates: [
          { id: 'steady', label: 'Steady Freight' },
          { id: 'flaky', label: 'Quick Ship' },
        ],
        policy: 'adaptive',
        window: 200,
        breaker: { failures: 5, cooldownMs: 60_000 },
      }),
      demoCall('steadyQuote', 'Steady Freight quote', 'POST', 'providers/steady/quote', QUOTE_BODY),
      demoCall('flakyQuote', 'Quick Ship quote', 'POST', 'providers/flaky/quote', QUOTE_BODY),
      node('quoted', 'end', 'Quoted', { output: '$steps.pick.output.candidate = "steady" ? $steps.steadyQuote.output.body : $steps.flakyQuote.output.body' }),
      node('noQuote', 'end', 'No quote this time', { output: '{ "quoted": false, "carrier": $steps.pick.output.label }' }),
      node('allDown', 'end', 'Every carrier is down', { output: '{ "quoted": false, "reason": "every carrier’s breaker is open" }' }),
    ],
    edges: edges([
      ['start', 'pick'],
      ['pick', 'steadyQuote', 'steady'],
      ['pick', 'flakyQuote', 'flaky'],
      ['pick', 'allDown', 'default'],
      ['steadyQuote', 'quoted'],
      ['flakyQuote', 'quoted'],
      ['steadyQuote', 'noQuote', 'error'],
      ['flakyQuote', 'noQuote', 'error'],
    ]),
  };
}
