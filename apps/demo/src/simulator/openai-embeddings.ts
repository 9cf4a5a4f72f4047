import type { ServerResponse } from 'node:http';
import { invalid, randomId, SimulatorRequestError, sendJson } from './http.js';
import { findModel } from './models.js';
import { recordServed, type SimulatorState } from './state.js';
import { seededRandom, seedOf } from './text.js';
import { estimateTokens } from './tokens.js';

/**
 * `POST /v1/embeddings`: one deterministic unit vector per input, as float
 * arrays or, when `encoding_format` is `base64` (the openai SDK's default),
 * as little-endian float32 bytes in base64. `prompt_tokens` is the sum of
 * the inputs' tokens; token-array inputs count their length.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function handleEmbeddings(
  state: SimulatorState,
  body: Record<string, unknown>,
  response: ServerResponse,
): void {
  const model = findModel('openai', body.model);
  if (!model?.embeddingDimensions) {
    throw new SimulatorRequestError(
      404,
      'invalid_request_error',
      `The model \`${String(body.model)}\` does not exist or you do not have access to it.`,
    );
  }

  const inputs = inputsOf(body.input);
  const dimensions =
    typeof body.dimensions === 'number'
      ? body.dimensions
      : model.embeddingDimensions;
  const base64 = body.encoding_format === 'base64';

  const promptTokens = inputs.reduce(
    (sum, input) =>
      sum + (typeof input === 'string' ? estimateTokens(input) : input.length),
    0,
  );
  const usage = { prompt_tokens: promptTokens, total_tokens: promptTokens };
  const data = inputs.map((input, index) => ({
    object: 'embedding',
    index,
    embedding: encode(vectorOf(JSON.stringify(input), dimensions), base64),
  }));

  const requestId = randomId('req_');
  recordServed(state, {
    provider: 'openai',
    shape: 'openai.embeddings',
    model: model.snapshot,
    usage,
    requestId,
    atMs: state.clock.nowMs(),
    streamed: false,
  });

  sendJson(
    response,
    200,
    { object: 'list', data, model: model.snapshot, usage },
    { 'x-request-id': requestId },
  );
}

function inputsOf(input: unknown): Array<string | number[]> {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((item) => typeof item === 'number')) {
    return [input as number[]];
  }
  if (Array.isArray(input) && input.length > 0) {
    return input.map((item) => {
      if (typeof item === 'string' || Array.isArray(item)) return item;
      throw invalid("'input' items must be strings or arrays of token ids.");
    });
  }

  throw invalid("'input' must be a non-empty string or array.");
}

function vectorOf(text: string, dimensions: number): Float32Array {
  const random = seededRandom(seedOf(text));
  const vector = new Float32Array(dimensions);
  let norm = 0;

  for (let index = 0; index < dimensions; index++) {
    const value = random() * 2 - 1;
    vector[index] = value;
    norm += value * value;
  }

  const scale = 1 / Math.sqrt(norm || 1);
  return vector.map((value) => value * scale);
}

function encode(vector: Float32Array, base64: boolean): string | number[] {
  if (!base64) return Array.from(vector);

  return Buffer.from(
    vector.buffer,
    vector.byteOffset,
    vector.byteLength,
  ).toString('base64');
}
