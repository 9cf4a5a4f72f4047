import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { type Simulator, startSimulator } from './server.js';
import { words } from './test-prompts.js';
import { estimateTokens } from './tokens.js';

const MINUTE = 60_000;
// 'beta' x 10 (10) + Answer in about 20 words . (6) = 16 tokens
const QUESTION = `${words('beta', 10)} Answer in about 20 words.`;

describe('simulator: Anthropic Messages', () => {
  let clock: VirtualClock;
  let simulator: Simulator;
  let client: Anthropic;

  beforeEach(async () => {
    clock = new VirtualClock(Date.parse('2026-11-16T09:00:00Z'));
    simulator = await startSimulator({ clock });
    client = new Anthropic({
      apiKey: 'sk-sim',
      baseURL: simulator.anthropicBaseURL,
      maxRetries: 0,
    });
  });

  afterEach(() => simulator.close());

  const request = (system: Anthropic.TextBlockParam[]) => ({
    model: 'claude-sonnet-4-5',
    max_tokens: 512,
    system,
    messages: [{ role: 'user' as const, content: QUESTION }],
  });
  const cached = (text: string, ttl?: '5m' | '1h') => ({
    type: 'text' as const,
    text,
    cache_control: ttl
      ? { type: 'ephemeral' as const, ttl }
      : { type: 'ephemeral' as const },
  });

  describe('when a cached system prompt is sent twice', () => {
    it('should write the cache, then read it, with exact usage', async () => {
      const body = request([cached(words('alpha', 1200))]);

      const first = await client.messages.create(body);
      clock.advanceBy(2 * MINUTE);
      const second = await client.messages.create(body);

      // 1200-token system prompt >= 1024 (Sonnet 4.5 minimum): written, then read
      expect(first.usage).toMatchObject({
        input_tokens: 16,
        cache_creation_input_tokens: 1200,
        cache_read_input_tokens: 0,
        cache_creation: {
          ephemeral_5m_input_tokens: 1200,
          ephemeral_1h_input_tokens: 0,
        },
      });
      expect(second.usage).toMatchObject({
        input_tokens: 16,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 1200,
      });
      expect(first.model).toBe('claude-sonnet-4-5');
      expect(first.stop_reason).toBe('end_turn');
      expect(simulator.served).toHaveLength(2);
    });

    it('should count output tokens from the text it returns', async () => {
      const message = await client.messages.create(
        request([cached(words('alpha', 1200))]),
      );
      const text =
        message.content[0]?.type === 'text' ? message.content[0].text : '';

      // the prompt asked for about 20 words
      expect(text.split(' ')).toHaveLength(20);
      expect(message.usage.output_tokens).toBe(estimateTokens(text));
    });
  });

  describe('when per-user text comes before the breakpoint', () => {
    it('should miss the cache for every new user', async () => {
      const forUser = (user: string) =>
        request([
          { type: 'text', text: `User profile: ${user}.` },
          cached(words('alpha', 1200)),
        ]);

      await client.messages.create(forUser('ada'));
      const other = await client.messages.create(forUser('bob'));

      // User(1) profile(2: 'profil'+'e') :(1) bob(1) .(1) = 6 tokens ahead
      // of the 1200: a new prefix of 1206, written whole
      expect(other.usage).toMatchObject({
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 1206,
        input_tokens: 16,
      });
    });
  });

  describe('when the request mixes 1-hour and 5-minute breakpoints', () => {
    it('should split cache_creation by TTL', async () => {
      const body = request([
        cached(words('alpha', 1100), '1h'),
        cached(words('gamma', 300), '5m'),
      ]);

      const first = await client.messages.create(body);
      clock.advanceBy(10 * MINUTE);
      const later = await client.messages.create(body);

      expect(first.usage.cache_creation).toEqual({
        ephemeral_5m_input_tokens: 300,
        ephemeral_1h_input_tokens: 1100,
      });
      // 10 minutes on, only the 1-hour entry is alive
      expect(later.usage).toMatchObject({
        cache_read_input_tokens: 1100,
        cache_creation_input_tokens: 300,
        input_tokens: 16,
      });
    });

    it('should refuse 5-minute entries before 1-hour ones', async () => {
      const body = request([
        cached(words('alpha', 1100), '5m'),
        cached(words('gamma', 300), '1h'),
      ]);

      await expect(client.messages.create(body)).rejects.toMatchObject({
        status: 400,
        error: { error: { type: 'invalid_request_error' } },
      });
    });
  });

  describe('when Haiku 4.5 gets a prefix under its 4096-token minimum', () => {
    it('should bill every prompt token as input', async () => {
      const message = await client.messages.create({
        ...request([cached(words('alpha', 3000))]),
        model: 'claude-haiku-4-5',
      });

      expect(message.usage).toMatchObject({
        input_tokens: 3016,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      });
    });
  });

  describe('when streamed', () => {
    it('should carry the same usage through message_start and message_delta', async () => {
      const body = request([cached(words('alpha', 1200))]);
      await client.messages.create(body);

      const stream = client.messages.stream(body);
      const types: string[] = [];
      stream.on('streamEvent', (event) => types.push(event.type));
      const message = await stream.finalMessage();
      const text =
        message.content[0]?.type === 'text' ? message.content[0].text : '';

      expect(types[0]).toBe('message_start');
      expect(types.at(-1)).toBe('message_stop');
      expect(message.usage).toMatchObject({
        input_tokens: 16,
        cache_read_input_tokens: 1200,
        cache_creation_input_tokens: 0,
        output_tokens: estimateTokens(text),
      });
      expect(simulator.served[1]).toMatchObject({ streamed: true });
    });
  });

  describe('when max_tokens is smaller than the answer', () => {
    it('should stop at max_tokens', async () => {
      const message = await client.messages.create({
        ...request([cached(words('alpha', 1200))]),
        max_tokens: 5,
      });

      expect(message.stop_reason).toBe('max_tokens');
      expect(message.usage.output_tokens).toBe(5);
    });
  });

  describe('when the model is unknown', () => {
    it('should answer 404 not_found_error', async () => {
      await expect(
        client.messages.create({ ...request([]), model: 'claude-nope' }),
      ).rejects.toMatchObject({ status: 404 });
      expect(simulator.served).toHaveLength(0);
    });
  });
});
