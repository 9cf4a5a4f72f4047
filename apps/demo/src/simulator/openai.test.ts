import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { type Simulator, startSimulator } from './server.js';
import { words } from './test-prompts.js';
import { estimateTokens } from './tokens.js';

const MINUTE = 60_000;

describe('simulator: OpenAI', () => {
  let clock: VirtualClock;
  let simulator: Simulator;
  let client: OpenAI;

  beforeEach(async () => {
    clock = new VirtualClock(Date.parse('2026-11-16T09:00:00Z'));
    simulator = await startSimulator({ clock });
    client = new OpenAI({
      apiKey: 'sk-sim',
      baseURL: simulator.openaiBaseURL,
      maxRetries: 0,
    });
  });

  afterEach(() => simulator.close());

  // prompt = 3 + 1300 (system) + 3 + 10 (user) + 3 (reply priming) = 1319
  const chat = (user: string) => ({
    model: 'gpt-4.1-mini',
    messages: [
      { role: 'system' as const, content: words('alpha', 1300) },
      { role: 'user' as const, content: words(user, 10) },
    ],
  });

  describe('chat completions', () => {
    it('should cache a shared prefix in 128-token steps', async () => {
      const first = await client.chat.completions.create(chat('beta'));
      clock.advanceBy(MINUTE);
      const second = await client.chat.completions.create(chat('gamma'));

      // shared: 3 + 1300 + 3 = 1306 tokens; largest step <= 1306 is 1280
      expect(first.usage).toMatchObject({
        prompt_tokens: 1319,
        prompt_tokens_details: { cached_tokens: 0 },
      });
      expect(second.usage?.prompt_tokens_details?.cached_tokens).toBe(1280);
      expect(second.model).toBe('gpt-4.1-mini-2025-04-14');
    });

    it('should stream with a final usage chunk when include_usage is set', async () => {
      const stream = await client.chat.completions.create({
        ...chat('beta'),
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      const text = chunks
        .map((chunk) => chunk.choices[0]?.delta.content ?? '')
        .join('');
      const last = chunks.at(-1);

      expect(last?.choices).toEqual([]);
      expect(last?.usage).toMatchObject({
        prompt_tokens: 1319,
        completion_tokens: estimateTokens(text),
        total_tokens: 1319 + estimateTokens(text),
      });
      expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(
        true,
      );
    });

    it('should stream without usage when include_usage is not set', async () => {
      const stream = await client.chat.completions.create({
        ...chat('beta'),
        stream: true,
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
      expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    });
  });

  describe('gpt-5 reasoning', () => {
    // 'beta' x 10 + Answer in about 40 words . = 16; prompt 3 + 16 + 3 = 22
    const ask = {
      model: 'gpt-5',
      messages: [
        {
          role: 'user' as const,
          content: `${words('beta', 10)} Answer in about 40 words.`,
        },
      ],
    };

    it('should bill reasoning tokens inside completion_tokens', async () => {
      const completion = await client.chat.completions.create({
        ...ask,
        reasoning_effort: 'low',
      });
      const visible = estimateTokens(
        completion.choices[0]?.message.content ?? '',
      );
      // low effort: round(0.25 x (visible + 22 / 8))
      const reasoning = Math.round(0.25 * (visible + 22 / 8));

      expect(completion.usage).toMatchObject({
        prompt_tokens: 22,
        completion_tokens: visible + reasoning,
        completion_tokens_details: { reasoning_tokens: reasoning },
      });
      expect(completion.model).toBe('gpt-5-2025-08-07');
    });

    it('should spend the whole budget on reasoning when it is too small', async () => {
      const completion = await client.chat.completions.create({
        ...ask,
        max_completion_tokens: 20,
      });

      // medium wants round(1 x (visible + 2.75)) > 20, so all 20 go to reasoning
      expect(completion.usage).toMatchObject({
        completion_tokens: 20,
        completion_tokens_details: { reasoning_tokens: 20 },
      });
      expect(completion.choices[0]?.message.content).toBe('');
      expect(completion.choices[0]?.finish_reason).toBe('length');
    });
  });

  describe('embeddings', () => {
    it('should count prompt tokens and decode as base64 floats', async () => {
      const result = await client.embeddings.create({
        model: 'text-embedding-3-small',
        input: ['alpha beta', 'claim 12345'],
      });
      const first = result.data[0]?.embedding ?? [];
      const norm = Math.sqrt(
        first.reduce((sum, value) => sum + value * value, 0),
      );

      // alpha beta = 2; claim 12345 = 1 + 2 ('123' + '45') -> 5
      expect(result.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
      expect(result.data).toHaveLength(2);
      expect(first).toHaveLength(1536);
      expect(norm).toBeCloseTo(1, 5);
    });

    it('should honour dimensions and float encoding', async () => {
      const result = await client.embeddings.create({
        model: 'text-embedding-3-small',
        input: 'alpha',
        dimensions: 256,
        encoding_format: 'float',
      });

      expect(result.data[0]?.embedding).toHaveLength(256);
      expect(simulator.served[0]).toMatchObject({
        shape: 'openai.embeddings',
        usage: { prompt_tokens: 1, total_tokens: 1 },
      });
    });
  });
});
