/**
 * The offline demo model of the example support agent, behind
 * `/api/demo/agent/chat/completions`: a scripted, deterministic stand-in for an
 * OpenAI-compatible model that speaks the tool-calling protocol. It is not a language
 * model; it exists so the AI agent node can be tried end to end without a network or a key.
 *
 * Script, by the tool results already in the conversation:
 * 1. none: call `lookup_order` with the order id found in the user message (`A-1042` style);
 * 2. the order: call `issue_refund` for its total when the order was lost or damaged,
 *    else answer with its status;
 * 3. the refund's result: answer with a reply to the customer (a rejection's reason is quoted).
 * Usage is counted as one token per four characters.
 */
type Msg = { role?: unknown; content?: unknown; tool_calls?: unknown };

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const tokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

function completion(model: string, content: string | null, calls: { name: string; args: Record<string, unknown> }[], promptChars: number, turn: number) {
  const toolCalls = calls.map((c, i) => ({ id: `call_${turn}_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } }));
  const completionTokens = tokens((content ?? '') + JSON.stringify(toolCalls));
  const promptTokens = tokens('x'.repeat(promptChars));
  return {
    id: `chatcmpl-demo-${turn}`,
    object: 'chat.completion',
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function parse(s: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The next assistant turn for a chat-completions request body. */
export function demoAgentTurn(body: Record<string, unknown>) {
  const model = text(body.model) || 'baton-demo-agent';
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Msg[];
  const promptChars = JSON.stringify(messages).length;
  const results = messages.filter((m) => m.role === 'tool').map((m) => text(m.content));
  const turn = messages.filter((m) => m.role === 'assistant').length + 1;
  const question = text(messages.filter((m) => m.role === 'user').at(-1)?.content);
  if (results.length === 0) {
    const orderId = /\b[A-Z]-?\d{3,6}\b/.exec(question)?.[0] ?? 'A-1042';
    return completion(model, `I will look up order ${orderId} first.`, [{ name: 'lookup_order', args: { orderId } }], promptChars, turn);
  }
  const order = parse(results[0]!);
  if (!order) return completion(model, `I could not look up the order (${results[0]!.slice(0, 200)}). A colleague will get back to you.`, [], promptChars, turn);
  const status = text(order.status);
  if (results.length === 1) {
    if (/lost|damaged/i.test(status))
      return completion(model, `Order ${text(order.orderId)} was ${status}; a refund of ${String(order.total)} EUR is fair.`, [{ name: 'issue_refund', args: { orderId: text(order.orderId), amount: order.total } }], promptChars, turn);
    return completion(model, `Your order ${text(order.orderId)} is ${status}. It should arrive soon.`, [], promptChars, turn);
  }
  const refund = parse(results[1]!);
  if (refund && text(refund.status) === 'refunded')
    return completion(model, `I am sorry your order ${text(order.orderId)} was ${status}. We refunded ${String(refund.amount ?? order.total)} EUR (refund ${text(refund.refundId)}); it reaches your account in 3–5 days.`, [], promptChars, turn);
  return completion(model, `I am sorry your order ${text(order.orderId)} was ${status}. A colleague will contact you about a refund (${results[1]!.slice(0, 200)}).`, [], promptChars, turn);
}
