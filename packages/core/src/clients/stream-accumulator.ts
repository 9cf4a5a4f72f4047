import type { ApiShape } from '../schema.js';
import {
  arrayAt,
  isWireObject,
  objectAt,
  stringAt,
  type WireObject,
  withoutNullish,
} from './wire.js';

/**
 * What a stream told about its call once its events were read: the usage
 * object in the provider's own wire format (ready for `normalizeUsage`), the
 * model, the response id, the stop reason, and how many content deltas came.
 *
 * @example
 * ```ts
 * const { usage, model, stopReason } = summarizeStream('openai.chat', chunks);
 * ```
 */
export interface StreamSummary {
  /** The provider's usage object, wire format; undefined when none came. */
  usage: WireObject | undefined;
  /** The model the provider reported. */
  model: string | undefined;
  /** The message, completion or response id. */
  responseId: string | undefined;
  /** The provider's stop or finish reason, as sent. */
  stopReason: string | undefined;
  /** Events that carried generated content (text, tool input, thinking). */
  contentEvents: number;
  /**
   * A failure the stream reported as an event the SDK passes on instead of
   * throwing: an OpenAI Responses `error` event, or the `error` of
   * `response.failed`.
   */
  error: WireObject | undefined;
}

/**
 * Reads a stream's events one at a time, as the SDK yields them, and keeps
 * what {@link StreamSummary} holds. The wrappers feed it while the caller
 * iterates, so nothing is buffered.
 *
 * @example
 * ```ts
 * const accumulator = createStreamAccumulator('anthropic.messages');
 * for await (const event of stream) accumulator.push(event);
 * accumulator.summary().usage; // { input_tokens: 472, output_tokens: 89, … }
 * ```
 */
export interface StreamAccumulator {
  push(event: unknown): void;
  summary(): StreamSummary;
}

type EventReader = (summary: StreamSummary, event: unknown) => void;

const readers: Record<ApiShape, EventReader> = {
  'anthropic.messages': readAnthropicEvent,
  'openai.chat': readOpenAIChatChunk,
  'openai.responses': readOpenAIResponsesEvent,
  'openai.embeddings': readUsageField,
  'gemini.generateContent': readGeminiChunk,
  'bedrock.converse': readBedrockEvent,
  'mistral.chat': readMistralChunk,
  'mistral.ocr': readUsageField,
};

/**
 * Creates a {@link StreamAccumulator} for one stream of `shape`.
 *
 * @example
 * ```ts
 * const accumulator = createStreamAccumulator('openai.chat');
 * chunks.forEach((chunk) => accumulator.push(chunk));
 * ```
 */
export function createStreamAccumulator(shape: ApiShape): StreamAccumulator {
  const read = readers[shape];
  const summary: StreamSummary = {
    usage: undefined,
    model: undefined,
    responseId: undefined,
    stopReason: undefined,
    contentEvents: 0,
    error: undefined,
  };

  return {
    push: (event) => read(summary, event),
    summary: () => ({ ...summary }),
  };
}

/**
 * Summarizes a whole list of stream events. See {@link StreamSummary}.
 *
 * @example
 * ```ts
 * summarizeStream('gemini.generateContent', chunks).usage?.promptTokenCount;
 * ```
 */
export function summarizeStream(
  shape: ApiShape,
  events: Iterable<unknown>,
): StreamSummary {
  const accumulator = createStreamAccumulator(shape);
  for (const event of events) accumulator.push(event);

  return accumulator.summary();
}

// Usage arrives in `message_start`; `message_delta` carries cumulative
// counts that supersede it: https://docs.anthropic.com/en/docs/build-with-claude/streaming
function readAnthropicEvent(summary: StreamSummary, event: unknown): void {
  const type = stringAt(event, 'type');

  if (type === 'message_start') {
    const message = objectAt(event, 'message');
    summary.usage = { ...objectAt(message, 'usage') };
    summary.model = stringAt(message, 'model') ?? summary.model;
    summary.responseId = stringAt(message, 'id') ?? summary.responseId;
  } else if (type === 'message_delta') {
    const delta = withoutNullish(objectAt(event, 'usage') ?? {});
    summary.usage = { ...summary.usage, ...delta };
    summary.stopReason = stringAt(objectAt(event, 'delta'), 'stop_reason');
  } else if (type === 'content_block_delta') {
    summary.contentEvents += 1;
  }
}

// Usage comes in a last chunk with empty `choices`, only when
// `stream_options.include_usage` is set: https://platform.openai.com/docs/api-reference/chat-streaming
function readOpenAIChatChunk(summary: StreamSummary, chunk: unknown): void {
  summary.model = stringAt(chunk, 'model') ?? summary.model;
  summary.responseId = stringAt(chunk, 'id') ?? summary.responseId;
  summary.usage = objectAt(chunk, 'usage') ?? summary.usage;

  for (const choice of arrayAt(chunk, 'choices')) {
    summary.stopReason =
      stringAt(choice, 'finish_reason') ?? summary.stopReason;
    if (hasDeltaContent(objectAt(choice, 'delta'))) summary.contentEvents += 1;
  }
}

function hasDeltaContent(delta: WireObject | undefined): boolean {
  if (!delta) return false;

  return (
    Boolean(stringAt(delta, 'content')) ||
    Boolean(stringAt(delta, 'reasoning_content')) ||
    arrayAt(delta, 'tool_calls').length > 0
  );
}

// Lifecycle events carry the whole response; usage is set on the final one
// (`response.completed`, `response.incomplete` or `response.failed`). A
// failure comes as an `error` event or as `response.failed`:
// https://platform.openai.com/docs/api-reference/responses-streaming/error
function readOpenAIResponsesEvent(
  summary: StreamSummary,
  event: unknown,
): void {
  const response = objectAt(event, 'response');
  const type = stringAt(event, 'type');

  if (type === 'error' && isWireObject(event)) summary.error = event;
  if (type === 'response.failed') {
    summary.error = objectAt(response, 'error') ?? { type };
  }

  if (response) {
    summary.model = stringAt(response, 'model') ?? summary.model;
    summary.responseId = stringAt(response, 'id') ?? summary.responseId;
    summary.usage = objectAt(response, 'usage') ?? summary.usage;
    summary.stopReason =
      stringAt(objectAt(response, 'incomplete_details'), 'reason') ??
      stringAt(response, 'status') ??
      summary.stopReason;
  }

  if (type?.endsWith('.delta')) summary.contentEvents += 1;
}

// Every chunk may carry `usageMetadata`; the last one holds the totals.
function readGeminiChunk(summary: StreamSummary, chunk: unknown): void {
  summary.model = stringAt(chunk, 'modelVersion') ?? summary.model;
  summary.responseId = stringAt(chunk, 'responseId') ?? summary.responseId;
  summary.usage = objectAt(chunk, 'usageMetadata') ?? summary.usage;

  for (const candidate of arrayAt(chunk, 'candidates')) {
    summary.stopReason =
      stringAt(candidate, 'finishReason') ?? summary.stopReason;
    if (arrayAt(objectAt(candidate, 'content'), 'parts').length > 0) {
      summary.contentEvents += 1;
    }
  }
}

// The Mistral SDK yields `{ data: chunk }` with camelCase keys; the wire
// (and the `mistral.chat` normalizer) use snake_case.
function readMistralChunk(summary: StreamSummary, event: unknown): void {
  const chunk = objectAt(event, 'data') ?? event;
  const usage = objectAt(chunk, 'usage');

  summary.model = stringAt(chunk, 'model') ?? summary.model;
  summary.responseId = stringAt(chunk, 'id') ?? summary.responseId;
  if (usage) summary.usage = toSnakeCaseKeys(usage);

  for (const choice of arrayAt(chunk, 'choices')) {
    summary.stopReason =
      stringAt(choice, 'finishReason') ??
      stringAt(choice, 'finish_reason') ??
      summary.stopReason;
    if (stringAt(objectAt(choice, 'delta'), 'content')) {
      summary.contentEvents += 1;
    }
  }
}

// ConverseStream sends usage in its closing `metadata` event.
function readBedrockEvent(summary: StreamSummary, event: unknown): void {
  const usage = objectAt(objectAt(event, 'metadata'), 'usage');
  const stop = objectAt(event, 'messageStop');

  if (usage) summary.usage = usage;
  if (stop) summary.stopReason = stringAt(stop, 'stopReason');
  if (objectAt(event, 'contentBlockDelta')) summary.contentEvents += 1;
}

function readUsageField(summary: StreamSummary, event: unknown): void {
  summary.usage = objectAt(event, 'usage') ?? summary.usage;
  summary.model = stringAt(event, 'model') ?? summary.model;
}

/**
 * Copies a wire object with camelCase keys turned into snake_case, nested
 * objects included (the Mistral SDK renames the wire's keys).
 *
 * @example
 * ```ts
 * toSnakeCaseKeys({ promptTokens: 12 }); // { prompt_tokens: 12 }
 * ```
 */
export function toSnakeCaseKeys(source: WireObject): WireObject {
  const entries = Object.entries(source).map(([key, value]) => [
    key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
    isWireObject(value) ? toSnakeCaseKeys(value) : value,
  ]);

  return Object.fromEntries(entries);
}
