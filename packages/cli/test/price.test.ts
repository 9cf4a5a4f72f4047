import { describe, expect, it } from 'vitest';
import { tokenledger } from './cli.js';

const PRICE = [
  'price',
  '--shape',
  'openai.chat',
  '--provider',
  'openai',
  '--model',
  'gpt-4o',
  '--at',
  '2026-11-02T10:00:00Z',
];

// gpt-4o (openai/gpt-4o@2024-08-06): 2.5 in, 1.25 cache read, 10 out per
// million tokens; batch at half price.
const RESPONSE = {
  id: 'chatcmpl-1',
  model: 'gpt-4o-2024-08-06',
  usage: {
    prompt_tokens: 1200,
    completion_tokens: 300,
    prompt_tokens_details: { cached_tokens: 1000 },
  },
};

describe('tokenledger price', () => {
  describe('when stdin holds one response', () => {
    it('should print the normalized usage and the exact cost as JSON', async () => {
      const run = await tokenledger(PRICE, { stdin: JSON.stringify(RESPONSE) });

      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({
        shape: 'openai.chat',
        provider: 'openai',
        model: 'gpt-4o',
        at: '2026-11-02T10:00:00.000Z',
        batch: false,
        // cached tokens come out of prompt_tokens: 1,200 - 1,000 = 200
        usage: {
          inputTokens: 200,
          outputTokens: 300,
          cacheWriteTokens: 0,
          cacheWrite1hTokens: 0,
          cacheReadTokens: 1000,
          reasoningTokens: 0,
          audioInputTokens: 0,
          audioOutputTokens: 0,
        },
        cost: {
          priced: true,
          // 200 × 2.5 + 1,000 × 1.25 + 300 × 10 = 4,750 µUSD
          totalUsd: '0.004750000',
          canonicalModel: 'gpt-4o',
          priceId: 'openai/gpt-4o@2024-08-06',
          tier: null,
          breakdown: {
            input: '0.000500000',
            output: '0.003000000',
            cacheWrite: '0.000000000',
            cacheRead: '0.001250000',
            units: '0.000000000',
          },
        },
      });
    });

    it('should price a batch call at half the list price', async () => {
      const run = await tokenledger([...PRICE, '--batch'], {
        stdin: JSON.stringify(RESPONSE),
      });

      const result = JSON.parse(run.stdout);
      expect(run.code).toBe(0);
      // 4,750 µUSD × 0.5 = 2,375 µUSD
      expect(result.batch).toBe(true);
      expect(result.cost.totalUsd).toBe('0.002375000');
      expect(result.cost.breakdown.input).toBe('0.000250000');
      expect(result.cost.breakdown.cacheRead).toBe('0.000625000');
      expect(result.cost.breakdown.output).toBe('0.001500000');
    });

    it('should record an unknown model as unpriced, never $0', async () => {
      const run = await tokenledger(
        [
          'price',
          '--shape',
          'openai.chat',
          '--model',
          'gpt-nonexistent',
          '--at',
          '2026-11-02T10:00:00Z',
        ],
        { stdin: JSON.stringify(RESPONSE) },
      );

      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).cost).toEqual({
        priced: false,
        reason:
          'No price for model "gpt-nonexistent" of provider "openai" at 2026-11-02T10:00:00.000Z. Add an entry (or an alias) with createCatalog([...], { extends: defaultCatalog }); see docs/pricing.md.',
      });
      expect(JSON.parse(run.stdout).hint).toBe(
        'Give the missing price in a JSON file of entries with --catalog FILE, e.g. one written by tokenledger prices import-litellm; see docs/cli.md#prices.',
      );
    });
  });

  describe('when stdin holds JSON lines', () => {
    it('should print one compact result a line, each with its own fields', async () => {
      const lines = [
        JSON.stringify({ usage: { prompt_tokens: 10, completion_tokens: 2 } }),
        JSON.stringify({
          shape: 'anthropic.messages',
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          timestamp: '2026-11-03T00:00:00Z',
          response: { usage: { input_tokens: 1000, output_tokens: 300 } },
        }),
      ];

      const run = await tokenledger(PRICE, { stdin: lines.join('\n') });

      const results = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(run.code).toBe(0);
      expect(results).toHaveLength(2);
      // 10 × 2.5 + 2 × 10 = 45 µUSD
      expect(results[0].cost.totalUsd).toBe('0.000045000');
      expect(results[0].at).toBe('2026-11-02T10:00:00.000Z');
      // the fields beside "response" win: 1,000 × 3 + 300 × 15 = 7,500 µUSD
      expect(results[1]).toMatchObject({
        shape: 'anthropic.messages',
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        at: '2026-11-03T00:00:00.000Z',
        cost: {
          totalUsd: '0.007500000',
          priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
        },
      });
    });

    it('should name the bad line and exit 1, still pricing the others', async () => {
      const stdin = [
        JSON.stringify({ usage: { prompt_tokens: 10, completion_tokens: 2 } }),
        'not json',
        JSON.stringify({ usage: { prompt_tokens: 10 } }),
      ].join('\n');

      const run = await tokenledger(PRICE, { stdin });

      expect(run.code).toBe(1);
      expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toBe(
        [
          `line 2: Unexpected token 'o', "not json" is not valid JSON`,
          'line 3: Invalid openai.chat usage: usage.completion_tokens is missing; expected an integer count from 0 to 100000000. See docs/usage-semantics.md for the fields each shape reads.',
          'tokenledger: 2 line(s) could not be priced.',
          '',
        ].join('\n'),
      );
    });
  });

  describe('when called wrongly', () => {
    it('should exit 2 on empty stdin and say what it reads', async () => {
      const run = await tokenledger(PRICE, { stdin: '' });

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'tokenledger: price reads a JSON object or JSON lines from stdin, e.g. tokenledger price --shape openai.chat < response.json\n',
      );
    });

    it('should exit 2 on an unknown shape, listing the shapes', async () => {
      const run = await tokenledger(['price', '--shape', 'openai.chatt'], {
        stdin: '{}',
      });

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        "tokenledger: option '--shape <shape>' argument 'openai.chatt' is invalid. Allowed choices are anthropic.messages, openai.chat,",
      );
    });

    it.each(['yesterday', '7d'])(
      'should exit 2 on --at %s, which is not an instant',
      async (at) => {
        const run = await tokenledger([...PRICE.slice(0, -2), '--at', at], {
          stdin: '{}',
        });

        // --at is one instant: a look-back is not offered
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
          `Not a time: "${at}". Use an ISO date such as 2026-11-01 or a date-time such as 2026-11-01T09:00:00Z.`,
        );
      },
    );

    it('should exit 1 when a response has no usage it can read', async () => {
      const run = await tokenledger(PRICE, {
        stdin: JSON.stringify({ usage: { prompt_tokens: 1 } }),
      });

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'tokenledger: Invalid openai.chat usage: usage.completion_tokens is missing; expected an integer count from 0 to 100000000. See docs/usage-semantics.md for the fields each shape reads.\n',
      );
    });

    it('should exit 1 with what to pass when no shape is known', async () => {
      const run = await tokenledger(['price', '--model', 'gpt-4o'], {
        stdin: JSON.stringify(RESPONSE),
      });

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        'No shape: add "shape" beside "response" in the line, or pass --shape (one of anthropic.messages,',
      );
    });
  });
});
