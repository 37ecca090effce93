/**
 * Server-side executors by node type. Types without an entry (trigger, parallel
 * split and join) are handled entirely by the engine.
 */
import 'server-only';
import type { FlowExecutor } from '@/lib/nodes/executor';
import { executeHttp } from '@/lib/nodes/http/executor';
import { executeTransform } from '@/lib/nodes/transform/executor';
import { executeExclusiveGateway } from '@/lib/nodes/exclusive-gateway/executor';
import { executeUserTask } from '@/lib/nodes/user-task/executor';
import { executeEnd } from '@/lib/nodes/end/executor';
import { executeWait } from '@/lib/nodes/wait/executor';
import { executeInclusiveGateway } from '@/lib/nodes/inclusive-gateway/executor';
import { executeSubWorkflow } from '@/lib/nodes/sub-workflow/executor';
import { executeForEach } from '@/lib/nodes/for-each/executor';
import { executeCode } from '@/lib/nodes/code/executor';
import { executeDecisionTable } from '@/lib/nodes/decision-table/executor';
import { executeSwitch } from '@/lib/nodes/switch/executor';
import { executeClassifyText } from '@/lib/nodes/classify-text/executor';
import { executeSendWebhook } from '@/lib/nodes/send-webhook/executor';
import { executeAiStep } from '@/lib/nodes/ai-step/executor';
import { executeRouter } from '@/lib/nodes/router/executor';
import { executeAiAgent } from '@/lib/nodes/ai-agent/executor';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EXECUTORS: Record<string, FlowExecutor<any>> = {
  http: executeHttp,
  transform: executeTransform,
  exclusiveGateway: executeExclusiveGateway,
  userTask: executeUserTask,
  end: executeEnd,
  wait: executeWait,
  inclusiveGateway: executeInclusiveGateway,
  subWorkflow: executeSubWorkflow,
  forEach: executeForEach,
  code: executeCode,
  decisionTable: executeDecisionTable,
  switch: executeSwitch,
  classifyText: executeClassifyText,
  sendWebhook: executeSendWebhook,
  aiStep: executeAiStep,
  router: executeRouter,
  aiAgent: executeAiAgent,
};
