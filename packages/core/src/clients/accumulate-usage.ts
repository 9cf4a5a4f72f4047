import type { ApiShape, TokenUsage } from '../schema.js';
import { normalizeUsage } from '../usage/index.js';
import { summarizeStream } from './stream-accumulator.js';

/**
 * The token classes of one streamed call, from the stream's parsed events
 * in the order the SDK yielded them. The same rules the instrumented
 * clients use, for apps with their own streaming code:
 *
 * - `anthropic.messages`: `message_start` usage, superseded field by field
 *   by the cumulative counts of `message_delta`;
 * - `openai.chat`: the last chunk's `usage` (sent only with
 *   `stream_options.include_usage`);
 * - `openai.responses`: the `response.completed` (or `.incomplete`,
 *   `.failed`) event's `response.usage`;
 * - `gemini.generateContent`: the last chunk's `usageMetadata`;
 * - `mistral.chat`: the final chunk's `usage` (SDK `{ data }` events or raw
 *   chunks, camelCase or snake_case);
 * - `bedrock.converse`: the `metadata` event's `usage`.
 *
 * Throws a `UsageMissingError` when no event carried usage (an OpenAI
 * stream made without `include_usage`), and a `UsageError` when the usage
 * is malformed.
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/clients.md
 * @example
 * ```ts
 * const events = [];
 * for await (const event of stream) events.push(event);
 * const usage = accumulateStreamUsage('anthropic.messages', events);
 * usage.outputTokens; // 89
 * ```
 */
export function accumulateStreamUsage(
  shape: ApiShape,
  events: Iterable<unknown>,
): TokenUsage {
  const { usage } = summarizeStream(shape, events);

  return normalizeUsage(shape, usage);
}
