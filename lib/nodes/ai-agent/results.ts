/**
 * Folding a round's results into the agent's conversation, pure: finished tool runs
 * and people's decisions on calls that needed approval. Approved calls (arguments as
 * the person left them) are returned to be run; everything else becomes a `role: "tool"`
 * message and a trace line.
 */
import type { Json } from '../../engine/types';
import type { ParkedTask } from '../executor';
import { checkCall, type PinnedTool } from './tools';
import { excerpt, toolContent, type AgentMemory, type PendingCall, type TraceEntry } from './memory';

type ToolLine = Extract<TraceEntry, { kind: 'tools' }>['results'][number];

/** The inbox task asking a person to approve one tool call. */
export function approvalTask(call: PendingCall, tool: PinnedTool, o: { agentLabel: string; reason: string; approvers: string[] }): ParkedTask {
  return {
    title: excerpt(`Approve ${tool.name} for ${o.agentLabel}`, 300),
    // Plain text: the arguments are shown as JSON in the task's context.
    description: `The agent wants to call ${tool.name} (${tool.description || `workflow ${tool.workflowId}`}) with the arguments shown below.${o.reason ? `\n\nIts reasoning: ${excerpt(o.reason, 2000)}` : ''}\n\nApprove to run it — to change the arguments, put the edited JSON in the Arguments field first — or reject it with a reason the agent will read.`,
    assignee: '',
    form: [
      { name: 'arguments', label: 'Arguments (JSON; leave empty to run as proposed)', type: 'textarea', required: false, options: '', max: 64_000 },
      { name: 'reason', label: 'Reason (told to the agent when you reject)', type: 'textarea', required: false, options: '', max: 2000 },
    ] as unknown as Json,
    outcomes: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ] as unknown as Json,
    context: { tool: tool.name, workflowId: tool.workflowId, arguments: call.args, callId: call.id },
    ...({ candidateGroups: o.approvers } as object),
  } as ParkedTask;
}

/** What folding a round's results gives: calls to run now (approved), and the conversation grown by every other result. */
export interface Folded {
  memory: AgentMemory;
  toRun: PendingCall[];
  lines: ToolLine[];
}

/**
 * Applies `results` (by key, as the engine hands them over) to the pending calls of
 * `memory`: child results become tool messages; approvals return the call to be run
 * (with edited arguments when the person changed them and they fit the tool); rejections
 * and unusable edits become tool messages the model reads.
 */
export function foldResults(memory: AgentMemory, results: Record<string, Json>): Folded {
  const messages = [...memory.messages];
  const lines: ToolLine[] = [];
  const toRun: PendingCall[] = [];
  const stillPending: PendingCall[] = [];
  for (const call of memory.pending ?? []) {
    const r = results[call.key] as Record<string, Json> | undefined;
    if (!r) {
      stillPending.push(call);
      continue;
    }
    const line = (status: ToolLine['status'], content: string, extra: Partial<ToolLine> = {}) => {
      messages.push({ role: 'tool', tool_call_id: call.id, content });
      lines.push({ id: call.id, name: call.name, args: call.args, status, result: excerpt(content), ...(call.approvedBy ? { approvedBy: call.approvedBy, edited: !!call.edited } : {}), ...extra });
    };
    if (r.kind === 'task') {
      const data = (r.data ?? {}) as Record<string, Json>;
      const by = String(r.by ?? '');
      if (r.outcome !== 'approve') {
        const reason = typeof data.reason === 'string' && data.reason.trim() ? data.reason.trim() : 'no reason given';
        line('rejected', `The call was rejected by a person (${by}): ${reason}`, { rejectedBy: by });
        continue;
      }
      const edited = typeof data.arguments === 'string' && data.arguments.trim() !== '';
      if (!edited) {
        toRun.push({ ...call, phase: 'run', approvedBy: by, edited: false });
        continue;
      }
      const tool = memory.tools.find((t) => t.name === call.name)!;
      const checked = checkCall({ id: call.id, name: call.name, arguments: data.arguments as string }, [tool]);
      if (!checked.ok) {
        call.approvedBy = by;
        call.edited = true;
        line('failed', `Error: the approver's edited arguments cannot be used: ${checked.problem}`);
        continue;
      }
      toRun.push({ ...call, args: checked.args, phase: 'run', approvedBy: by, edited: JSON.stringify(checked.args) !== JSON.stringify(call.args) });
      continue;
    }
    const error = r.error as { message?: string } | null;
    const runId = typeof r.runId === 'string' ? r.runId : undefined;
    if (r.status === 'succeeded') line('succeeded', toolContent(r.output ?? null), runId ? { runId } : {});
    else line('failed', `Error: the tool's run ${String(r.status)}${error?.message ? `: ${error.message}` : ''}`);
  }
  return { memory: { ...memory, messages, pending: [...stillPending, ...toRun] }, toRun, lines };
}
