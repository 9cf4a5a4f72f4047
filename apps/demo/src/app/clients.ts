import Anthropic from '@anthropic-ai/sdk';
import { Mistral } from '@mistralai/mistralai';
import {
  instrumentAnthropic,
  instrumentMistral,
  instrumentOpenAI,
  type UsageRecorder,
} from '@tokenledger/core';
import OpenAI from 'openai';

/** The three provider SDK clients the demo calls, each instrumented. */
export interface DemoClients {
  anthropic: Anthropic;
  openai: OpenAI;
  mistral: Mistral;
}

/** Where the provider APIs are: the simulator, or the real ones. */
export interface ProviderEndpoints {
  anthropicBaseURL: string;
  openaiBaseURL: string;
  mistralServerURL: string;
}

/**
 * Real SDK clients pointed at `endpoints`, instrumented so that every call
 * is recorded by `recorder` with the request's usage context.
 *
 * @example
 * ```ts
 * const clients = createDemoClients(simulator, tracker);
 * await clients.openai.embeddings.create({ model: 'text-embedding-3-small', input: 'q' });
 * ```
 */
export function createDemoClients(
  endpoints: ProviderEndpoints,
  recorder: UsageRecorder,
): DemoClients {
  return {
    anthropic: instrumentAnthropic(
      new Anthropic({
        apiKey: 'sk-ant-simulated',
        baseURL: endpoints.anthropicBaseURL,
        maxRetries: 0,
      }),
      recorder,
    ),
    openai: instrumentOpenAI(
      new OpenAI({
        apiKey: 'sk-simulated',
        baseURL: endpoints.openaiBaseURL,
        maxRetries: 0,
      }),
      recorder,
    ),
    mistral: instrumentMistral(
      new Mistral({
        apiKey: 'simulated',
        serverURL: endpoints.mistralServerURL,
      }),
      recorder,
    ),
  };
}
