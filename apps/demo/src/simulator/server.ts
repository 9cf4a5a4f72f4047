import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock.js';
import { handleAnthropicMessages } from './anthropic.js';
import { readJson, SimulatorRequestError, sendJson } from './http.js';
import { handleMistralOcr } from './mistral-ocr.js';
import { handleChatCompletions } from './openai-chat.js';
import { handleEmbeddings } from './openai-embeddings.js';
import type { ServedCall } from './served.js';
import { createSimulatorState, type SimulatorState } from './state.js';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** The simulated time; cache TTLs run on it. */
  clock: Clock;
  /** Port to listen on; default 0 (any free port). */
  port?: number;
  /** Called with each LLM call once it is served. */
  onServed?: (call: ServedCall) => void;
}

/** A running simulator. */
export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `baseURL` for `new Anthropic()`. */
  anthropicBaseURL: string;
  /** `baseURL` for `new OpenAI()`. */
  openaiBaseURL: string;
  /** `serverURL` for `new Mistral()`. */
  mistralServerURL: string;
  /** Every LLM call served so far, in order. */
  served: ServedCall[];
  close(): Promise<void>;
}

/**
 * Starts a local server that speaks the Anthropic Messages, OpenAI chat
 * completions and embeddings, and Mistral OCR wire protocols well enough
 * for their official SDKs, with usage computed from each request and
 * prompt caching simulated on `clock`.
 *
 * @example
 * ```ts
 * const simulator = await startSimulator({ clock: new VirtualClock(Date.now()) });
 * const anthropic = new Anthropic({ apiKey: 'sim', baseURL: simulator.anthropicBaseURL });
 * ```
 */
export async function startSimulator(
  options: SimulatorOptions,
): Promise<Simulator> {
  const state = createSimulatorState(options.clock, options.onServed);
  const server = createServer((request, response) => {
    void route(state, request, response);
  });

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    anthropicBaseURL: url,
    openaiBaseURL: `${url}/v1`,
    mistralServerURL: url,
    served: state.served,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

const ROUTES: Record<
  string,
  (
    state: SimulatorState,
    raw: string,
    body: Record<string, unknown>,
    response: ServerResponse,
  ) => void
> = {
  '/v1/messages': handleAnthropicMessages,
  '/v1/chat/completions': handleChatCompletions,
  '/v1/embeddings': (state, _raw, body, response) =>
    handleEmbeddings(state, body, response),
  '/v1/ocr': (state, _raw, body, response) =>
    handleMistralOcr(state, body, response),
};

async function route(
  state: SimulatorState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const handler = request.method === 'POST' ? ROUTES[path] : undefined;

  try {
    if (!handler) {
      throw new SimulatorRequestError(
        404,
        'not_found_error',
        `${request.method} ${path} is not simulated.`,
      );
    }
    const { raw, body } = await readJson(request);
    handler(state, raw, body, response);
  } catch (error) {
    sendError(path, response, error);
  }
}

function sendError(
  path: string,
  response: ServerResponse,
  error: unknown,
): void {
  const known = error instanceof SimulatorRequestError;
  const status = known ? error.status : 500;
  const type = known ? error.errorType : 'api_error';
  const message = error instanceof Error ? error.message : String(error);

  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (path === '/v1/messages') {
    sendJson(response, status, { type: 'error', error: { type, message } });
  } else if (path === '/v1/ocr') {
    sendJson(response, status, { object: 'error', message, type, code: null });
  } else {
    sendJson(response, status, {
      error: { message, type, param: null, code: null },
    });
  }
}
