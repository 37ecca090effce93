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
 */
import { sendJson, startServer } from './http-server';

export async function startChatServer(opts: { apiKey?: string } = {}) {
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
