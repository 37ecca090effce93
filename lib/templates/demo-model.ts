/**
 * The offline demo model behind `/api/demo/ai/chat/completions`: it reads the last user
 * message of an OpenAI chat-completions request and answers, by keywords, with a ticket
 * triage `{category, priority, summary, reply}`. With `response_format` the answer's
 * `content` is that object as JSON text; without it, a sentence. Deterministic and pure,
 * so templates with an AI step run without a network or a key. Not a language model:
 * it exists so the AI step can be tried and tested end to end.
 */

interface ChatRequest {
  model?: unknown;
  messages?: unknown;
  response_format?: unknown;
}

export interface Triage {
  category: 'billing' | 'outage' | 'account' | 'question';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  summary: string;
  reply: string;
}

const RULES: { category: Triage['category']; words: RegExp }[] = [
  { category: 'outage', words: /\b(down|outage|not working|error|500|crash\w*|unavailable|broken)\b/i },
  { category: 'billing', words: /\b(invoice|refund|charge[ds]?|billing|payment|paid|price|money back)\b/i },
  { category: 'account', words: /\b(password|log ?in|sign ?in|account|locked|2fa|email address)\b/i },
];

const REPLIES: Record<Triage['category'], string> = {
  outage: 'Thank you for telling us. Our engineers are looking into it right now and we will update you within the hour.',
  billing: 'Thank you for reaching out. We are checking your billing question and will get back to you within one business day.',
  account: 'Thank you for your message. You can reset your password from the sign-in page; we have also checked that your account is active.',
  question: 'Thank you for your question. Here is what we found; reply to this message if anything is still unclear.',
};

/** The triage of a ticket text. */
export function triage(text: string): Triage {
  const category = RULES.find((r) => r.words.test(text))?.category ?? 'question';
  const urgent = /\b(urgent|asap|immediately|all (our )?customers|production)\b/i.test(text);
  const priority: Triage['priority'] = urgent || category === 'outage' ? 'urgent' : category === 'billing' ? 'high' : category === 'account' ? 'normal' : 'low';
  const first = text.replace(/\s+/g, ' ').trim().split(/(?<=[.!?])\s/)[0] ?? '';
  const summary = `${category[0]!.toUpperCase()}${category.slice(1)} ticket: ${first.length > 120 ? `${first.slice(0, 117)}…` : first || '(empty)'}`;
  return { category, priority, summary, reply: REPLIES[category] };
}

/** The text of the last user message (string content, or the text parts of an array content). */
function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | null;
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content.slice(0, 100_000);
    if (Array.isArray(m.content)) return m.content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('\n').slice(0, 100_000);
  }
  return '';
}

/** A chat completion (OpenAI response shape) answering `request`. */
export function demoTriage(request: ChatRequest): Record<string, unknown> {
  const text = lastUserText(request.messages);
  const t = triage(text);
  const content = request.response_format ? JSON.stringify(t) : `${t.summary} Priority: ${t.priority}. Suggested reply: ${t.reply}`;
  const promptTokens = Math.ceil(text.length / 4);
  const completionTokens = Math.ceil(content.length / 4);
  return {
    id: `chatcmpl-demo-${text.length}`,
    object: 'chat.completion',
    model: typeof request.model === 'string' && request.model ? request.model : 'baton-demo-triage',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}
