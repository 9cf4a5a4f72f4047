import type { ServerResponse } from 'node:http';
import { answerWithin } from './answer.js';
import { applyAnthropicCache } from './anthropic-cache.js';
import { instructionsOf, promptBlocks } from './anthropic-prompt.js';
import {
  invalid,
  openEventStream,
  randomId,
  SimulatorRequestError,
  sendJson,
  wordChunks,
} from './http.js';
import { findModel } from './models.js';
import { recordServed, type SimulatorState } from './state.js';
import { generateText, requestedWords, seedOf } from './text.js';

/** Default answer length when the prompt asks for none, in words. */
const DEFAULT_ANSWER_WORDS = 150;

/**
 * `POST /v1/messages`: the Anthropic Messages API, JSON or SSE, with usage
 * computed from the request and the prompt cache.
 * @see https://docs.claude.com/en/api/messages
 */
export function handleAnthropicMessages(
  state: SimulatorState,
  raw: string,
  body: Record<string, unknown>,
  response: ServerResponse,
): void {
  const model = checkRequest(body);
  const blocks = promptBlocks(body);
  const nowMs = state.clock.nowMs();
  const cache = applyAnthropicCache(
    state.anthropicCache,
    model.snapshot,
    model.minCacheableTokens ?? 1024,
    blocks,
    nowMs,
  );

  const words = requestedWords(instructionsOf(body), DEFAULT_ANSWER_WORDS);
  const answer = answerWithin(
    generateText(seedOf(raw), words),
    Number(body.max_tokens),
  );

  const id = randomId('msg_01');
  const usage = {
    input_tokens: cache.inputTokens,
    cache_creation_input_tokens:
      cache.cacheWrite5mTokens + cache.cacheWrite1hTokens,
    cache_read_input_tokens: cache.cacheReadTokens,
    cache_creation: {
      ephemeral_5m_input_tokens: cache.cacheWrite5mTokens,
      ephemeral_1h_input_tokens: cache.cacheWrite1hTokens,
    },
    output_tokens: answer.tokens,
    service_tier: 'standard',
  };
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model: String(body.model),
    content: [{ type: 'text', text: answer.text }],
    stop_reason: answer.truncated ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage,
  };

  const streamed = body.stream === true;
  const headers = { 'request-id': randomId('req_01') };
  recordServed(state, {
    provider: 'anthropic',
    shape: 'anthropic.messages',
    model: message.model,
    usage,
    requestId: headers['request-id'],
    responseId: id,
    atMs: nowMs,
    streamed,
  });

  if (streamed) streamMessage(response, message, headers);
  else sendJson(response, 200, message, headers);
}

function checkRequest(body: Record<string, unknown>) {
  const model = findModel('anthropic', body.model);

  if (!model) {
    throw new SimulatorRequestError(
      404,
      'not_found_error',
      `model: ${String(body.model)}`,
    );
  }
  if (!Number.isInteger(body.max_tokens) || Number(body.max_tokens) < 1) {
    throw invalid('max_tokens: Field required (a positive integer).');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalid('messages: at least one message is required.');
  }

  return model;
}

/**
 * The documented event flow: `message_start` (usage with the prompt
 * counts), one text block in deltas, `message_delta` with the cumulative
 * usage, `message_stop`.
 * @see https://docs.claude.com/en/docs/build-with-claude/streaming
 */
function streamMessage(
  response: ServerResponse,
  message: {
    content: Array<{ text: string }>;
    stop_reason: string;
    usage: Record<string, unknown> & { output_tokens: number };
  },
  headers: Record<string, string>,
): void {
  const stream = openEventStream(response, headers);
  const text = message.content[0]?.text ?? '';
  const startUsage = { ...message.usage, output_tokens: 1 };

  stream.send(
    {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: startUsage,
      },
    },
    'message_start',
  );
  stream.send(
    {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    },
    'content_block_start',
  );
  stream.send({ type: 'ping' }, 'ping');

  for (const chunk of wordChunks(text)) {
    stream.send(
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: chunk },
      },
      'content_block_delta',
    );
  }

  stream.send({ type: 'content_block_stop', index: 0 }, 'content_block_stop');
  stream.send(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: deltaUsage(message.usage),
    },
    'message_delta',
  );
  stream.send({ type: 'message_stop' }, 'message_stop');
  stream.end();
}

function deltaUsage(usage: Record<string, unknown>) {
  return {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    output_tokens: usage.output_tokens,
  };
}
