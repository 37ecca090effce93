/**
 * The node-type registry: every node type Baton knows, in palette order. Pure and
 * shared by the browser, the server and the engine. Executors live beside each
 * definition and are collected in `server/executors.ts` (server only).
 */
import type { NodeTypeDefinition } from './types';
import { manualTrigger } from './manual-trigger/definition';
import { scheduleTrigger } from './schedule-trigger/definition';
import { webhookTrigger } from './webhook-trigger/definition';
import { http } from './http/definition';
import { transform } from './transform/definition';
import { exclusiveGateway } from './exclusive-gateway/definition';
import { parallelSplit } from './parallel-split/definition';
import { parallelJoin } from './parallel-join/definition';
import { userTask } from './user-task/definition';
import { end } from './end/definition';
import { wait } from './wait/definition';
import { inclusiveGateway } from './inclusive-gateway/definition';
import { inclusiveJoin } from './inclusive-join/definition';
import { subWorkflow } from './sub-workflow/definition';
import { forEach } from './for-each/definition';
import { code } from './code/definition';
import { decisionTable } from './decision-table/definition';
import { switchNode } from './switch/definition';
import { classifyText } from './classify-text/definition';
import { sendWebhook } from './send-webhook/definition';
import { aiStep } from './ai-step/definition';
import { router } from './router/definition';
import { aiAgent } from './ai-agent/definition';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const NODE_TYPES: readonly NodeTypeDefinition<any>[] = [
  manualTrigger,
  scheduleTrigger,
  webhookTrigger,
  http,
  sendWebhook,
  aiStep,
  aiAgent,
  transform,
  code,
  classifyText,
  exclusiveGateway,
  switchNode,
  decisionTable,
  router,
  parallelSplit,
  parallelJoin,
  inclusiveGateway,
  inclusiveJoin,
  wait,
  subWorkflow,
  forEach,
  userTask,
  end,
];

const byType = new Map(NODE_TYPES.map((t) => [t.type, t]));

/** The definition of `type`, or undefined for an unknown type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function getNodeType(type: string): NodeTypeDefinition<any> | undefined {
  return byType.get(type);
}

/**
 * Parses a node's config with its type's schema, filling defaults.
 * Returns zod's safe-parse result, or `null` for an unknown type.
 */
export function parseNodeConfig(type: string, config: unknown) {
  const def = byType.get(type);
  if (!def) return null;
  return def.configSchema.safeParse(config ?? {});
}
