/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 for tests
 * (`POST /v1/chat/completions`). The `model` of a request picks the behaviour:
 * - `echo`: answers with the last user message;
 * - `json-fenced`: answers `{"label":"billing","score":3}` inside a ```json fence;
 * - `json-wrong`: answers `{"label":"billing","score":"high"}`;
 * - `prose`: answers text that is not JSON;
 * - `busy-<n>`: 429 (`Retry-After: 0`) for the first n calls, then like `echo`;
 * - `down`: 503; `refuse`: a refusal.
 * Requests without `Authorization: Bearer <apiKey>` get 401 when `apiKey` is set.
 * `script`: the agent's conversations: called first for every request; a reply it returns
 * is sent (a status other than 200 with `headers`, or an assistant message with
 * `content` and/or `toolCalls`, usage `usage` or 11+7 tokens); undefined falls through.
 */
import { sendJson, startServer } from './http-server';

/** The request as a script sees it. */
export interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null; tool_call_id?: string; tool_calls?: { id: string; function: { name: string; arguments: string } }[] }[];
  tools?: { type: string; function: { name: string; description: string; parameters: Record<string, unknown> } }[];
  idempotencyKey: string | undefined;
  /** Requests for this model so far, this one included. */
  n: number;
}

/** A scripted answer. */
export interface ChatReply {
  status?: number;
  headers?: Record<string, string>;
  content?: string | null;
  toolCalls?: { id?: string; name: string; arguments: string }[];
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Wait this long before answering, ms. */
  delayMs?: number;
}

export async function startChatServer(opts: { apiKey?: string; script?: (req: ChatRequest) => ChatReply | undefined } = {}) {
  const calls = new Map<string, number>();
  const server = await startServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, { error: { message: 'not found' } });
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return sendJson(res, 401, { error: { message: `Incorrect API key provided: ${req.headers.authorization ?? 'none'}` } });
    const body = JSON.parse(req.body) as { model: string; messages: { role: string; content: string }[] };
    const n = (calls.get(body.model) ?? 0) + 1;
    calls.set(body.model, n);
    const answer = (content: string | null, extra: Record<string, unknown> = {}) =>
      sendJson(res, 200, {
        id: `chatcmpl-${n}`,
        object: 'chat.completion',
        model: `${body.model}-2025`,
        choices: [{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
      });
    const scripted = opts.script?.({ ...(body as unknown as ChatRequest), idempotencyKey: req.headers['idempotency-key'] as string | undefined, n });
    if (scripted) {
      const send = () => {
        if (scripted.status && scripted.status !== 200) return sendJson(res, scripted.status, { error: { message: `scripted ${scripted.status}` } }, scripted.headers ?? {});
        const calls = scripted.toolCalls?.map((c, i) => ({ id: c.id ?? `call_${n}_${i}`, type: 'function', function: { name: c.name, arguments: c.arguments } }));
        sendJson(res, 200, {
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: scripted.content ?? null, ...(calls?.length ? { tool_calls: calls } : {}) }, finish_reason: calls?.length ? 'tool_calls' : 'stop' }],
          usage: { ...(scripted.usage ?? { prompt_tokens: 11, completion_tokens: 7 }), total_tokens: (scripted.usage?.prompt_tokens ?? 11) + (scripted.usage?.completion_tokens ?? 7) },
        });
      };
      if (scripted.delayMs) setTimeout(send, scripted.delayMs);
      else send();
      return;
    }
    const last = body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const busy = /^busy-(\d+)$/.exec(body.model);
    if (busy && n <= Number(busy[1])) return sendJson(res, 429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '0' });
    switch (body.model) {
      case 'down':
        return sendJson(res, 503, { error: { message: 'overloaded' } });
      case 'refuse':
        return answer(null, { refusal: 'I cannot help with that.' });
      case 'json-fenced':
        return answer('```json\n{"label":"billing","score":3}\n```');
      case 'json-wrong':
        return answer('{"label":"billing","score":"high"}');
      case 'prose':
        return answer('Sure! The label is billing.');
      default:
        return answer(last);
    }
  });
  return { ...server, baseUrl: `${server.url}/v1` };
}
