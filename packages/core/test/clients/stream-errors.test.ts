import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Mistral } from '@mistralai/mistralai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  instrumentAnthropic,
  instrumentGemini,
  instrumentMistral,
  instrumentOpenAI,
} from '../../src/clients/index.js';
import { captureRecorder } from './capture-recorder.js';
import {
  fixture,
  type Reply,
  replayServerPerTest,
  sseEvents,
} from './replay-server.js';

const replay = replayServerPerTest();

const question = 'Is claim 4471 covered?';

/** Reads a whole stream from a client, plain or instrumented. */
type ReadStream = (url: string, instrumented: boolean) => Promise<void>;

const readAnthropic: ReadStream = async (url, instrumented) => {
  const client = new Anthropic({ apiKey: 'test', baseURL: url });
  const anthropic = instrumented
    ? instrumentAnthropic(client, captureRecorder())
    : client;
  const stream = await anthropic.messages.create({
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user', content: question }],
    stream: true,
  });
  for await (const _event of stream);
};

const readOpenAI: ReadStream = async (url, instrumented) => {
  const client = new OpenAI({ apiKey: 'test', baseURL: `${url}/v1` });
  const openai = instrumented
    ? instrumentOpenAI(client, captureRecorder())
    : client;
  const stream = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
    stream: true,
  });
  for await (const _chunk of stream);
};

const readMistral: ReadStream = async (url, instrumented) => {
  const client = new Mistral({ apiKey: 'test', serverURL: url });
  const mistral = instrumented
    ? instrumentMistral(client, captureRecorder())
    : client;
  const stream = await mistral.chat.stream({
    model: 'mistral-small-latest',
    messages: [{ role: 'user', content: question }],
  });
  for await (const _event of stream);
};

const readGemini: ReadStream = async (url, instrumented) => {
  const client = new GoogleGenAI({
    apiKey: 'test',
    httpOptions: { baseUrl: url, retryOptions: { attempts: 1 } },
  });
  const gemini = instrumented
    ? instrumentGemini(client, captureRecorder())
    : client;
  const stream = await gemini.models.generateContentStream({
    model: 'gemini-2.5-flash',
    contents: question,
  });
  for await (const _chunk of stream);
};

/** What the caller can see of an error: its class and own fields. */
function visible(error: unknown) {
  if (!(error instanceof Error)) return { value: error };

  const fields = Object.entries(error).filter(
    ([key]) => key !== 'headers' && key !== 'cause',
  );

  return {
    constructor: error.constructor,
    name: error.name,
    message: error.message,
    ...Object.fromEntries(fields),
  };
}

async function thrownBy(read: Promise<void>): Promise<unknown> {
  try {
    await read;
  } catch (error) {
    return error;
  }
  throw new Error('expected the stream to fail');
}

const cases: [string, ReadStream, Reply][] = [
  [
    'Anthropic event: error',
    readAnthropic,
    { sse: sseEvents(fixture('anthropic/stream-overloaded.sse')) },
  ],
  [
    'OpenAI error chunk',
    readOpenAI,
    { sse: sseEvents(fixture('openai/chat-stream-error.sse')) },
  ],
  [
    'Mistral dropped connection',
    readMistral,
    { sse: sseEvents(fixture('mistral/chat-stream.sse')), cutAfter: 3 },
  ],
  [
    'Gemini error object',
    readGemini,
    {
      sse: sseEvents(fixture('gemini/generate-stream-unavailable.sse')),
      delayMs: 100,
    },
  ],
];

describe('a stream that fails mid-way', () => {
  it.each(cases)(
    'should throw the SDK’s own error (%s)',
    async (_name, read, reply) => {
      const server = await replay.start([reply]);

      const plain = await thrownBy(read(server.url, false));
      const instrumented = await thrownBy(read(server.url, true));

      expect(visible(plain)).toMatchObject({ message: expect.any(String) });
      expect(visible(instrumented)).toEqual(visible(plain));
    },
  );
});
