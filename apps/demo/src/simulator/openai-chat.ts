import type { ServerResponse } from 'node:http';
import { answerWithin } from './answer.js';
import {
  invalid,
  openEventStream,
  randomId,
  SimulatorRequestError,
  sendJson,
  wordChunks,
} from './http.js';
import { findModel } from './models.js';
import { applyOpenAICache } from './openai-cache.js';
import { chatInstructions, chatPromptTokens } from './openai-prompt.js';
import { recordServed, type SimulatorState } from './state.js';
import { generateText, requestedWords, seedOf } from './text.js';

/** Default answer length when the prompt asks for none, in words. */
const DEFAULT_ANSWER_WORDS = 120;

/**
 * Hidden reasoning per unit of work, by `reasoning_effort`. The simulator's
 * own model: reasoning = factor × (answer tokens + prompt tokens / 8).
 */
const REASONING_FACTOR = { minimal: 0, low: 0.25, medium: 1, high: 3 };

/**
 * `POST /v1/chat/completions`: JSON, or SSE chunks ending in a usage chunk
 * (`choices: []`) when `stream_options.include_usage` is set, then `[DONE]`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function handleChatCompletions(
  state: SimulatorState,
  raw: string,
  body: Record<string, unknown>,
  response: ServerResponse,
): void {
  const model = checkRequest(body);
  const nowMs = state.clock.nowMs();
  const prompt = chatPromptTokens(body);
  const cachedTokens = applyOpenAICache(
    state.openaiCache,
    model.snapshot,
    prompt,
    nowMs,
  );

  const words = requestedWords(chatInstructions(body), DEFAULT_ANSWER_WORDS);
  const text = generateText(seedOf(raw), words);
  const budget = completionBudget(body);
  const reasoning = model.reasoning
    ? reasoningTokens(body, text, prompt.length, budget)
    : 0;
  const answer = answerWithin(text, budget - reasoning);

  const usage = {
    prompt_tokens: prompt.length,
    completion_tokens: reasoning + answer.tokens,
    total_tokens: prompt.length + reasoning + answer.tokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  const completion = {
    id: randomId('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(nowMs / 1000),
    model: model.snapshot,
    text: answer.text,
    finishReason: answer.truncated ? 'length' : 'stop',
    usage,
  };

  const streamed = body.stream === true;
  const headers = { 'x-request-id': randomId('req_') };
  recordServed(state, {
    provider: 'openai',
    shape: 'openai.chat',
    model: model.snapshot,
    usage,
    requestId: headers['x-request-id'],
    responseId: completion.id,
    atMs: nowMs,
    streamed,
  });

  if (streamed) streamCompletion(response, completion, body, headers);
  else sendJson(response, 200, completionBody(completion), headers);
}

type Completion = {
  id: string;
  object: string;
  created: number;
  model: string;
  text: string;
  finishReason: string;
  usage: Record<string, unknown>;
};

function checkRequest(body: Record<string, unknown>) {
  const model = findModel('openai', body.model);

  if (!model || model.embeddingDimensions) {
    throw new SimulatorRequestError(
      404,
      'invalid_request_error',
      `The model \`${String(body.model)}\` does not exist or you do not have access to it.`,
    );
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalid(
      "Invalid 'messages': empty array. Expected at least 1 message.",
    );
  }

  return model;
}

function completionBudget(body: Record<string, unknown>): number {
  const limit = body.max_completion_tokens ?? body.max_tokens;

  return typeof limit === 'number' ? limit : Number.POSITIVE_INFINITY;
}

function reasoningTokens(
  body: Record<string, unknown>,
  text: string,
  promptTokens: number,
  budget: number,
): number {
  const effort = String(body.reasoning_effort ?? 'medium');
  const factor =
    REASONING_FACTOR[effort as keyof typeof REASONING_FACTOR] ??
    REASONING_FACTOR.medium;
  const visible = answerWithin(text, Number.POSITIVE_INFINITY).tokens;
  const wanted = Math.round(factor * (visible + promptTokens / 8));

  return Math.min(wanted, budget);
}

function completionBody(completion: Completion) {
  return {
    id: completion.id,
    object: completion.object,
    created: completion.created,
    model: completion.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: completion.text,
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: completion.usage,
    service_tier: 'default',
    system_fingerprint: null,
  };
}

function streamCompletion(
  response: ServerResponse,
  completion: Completion,
  body: Record<string, unknown>,
  headers: Record<string, string>,
): void {
  const options = body.stream_options as
    | { include_usage?: unknown }
    | undefined;
  const includeUsage = options?.include_usage === true;
  const stream = openEventStream(response, headers);
  const chunk = (choices: unknown[], usage: unknown = null) => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    service_tier: 'default',
    system_fingerprint: null,
    choices,
    ...(includeUsage ? { usage } : {}),
  });
  const delta = (content: object, finishReason: string | null = null) => ({
    index: 0,
    delta: content,
    logprobs: null,
    finish_reason: finishReason,
  });

  stream.send(
    chunk([delta({ role: 'assistant', content: '', refusal: null })]),
  );
  for (const text of wordChunks(completion.text)) {
    stream.send(chunk([delta({ content: text })]));
  }
  stream.send(chunk([delta({}, completion.finishReason)]));

  if (includeUsage) stream.send(chunk([], completion.usage));
  stream.sendRaw('[DONE]');
  stream.end();
}
