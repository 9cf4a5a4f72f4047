import { describe, expect, it } from 'vitest';
import { TokenledgerError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { createCatalog } from './catalog.js';
import { defaultCatalog } from './default-catalog.js';
import { priceUsage } from './price.js';
import type { PriceEntryInput } from './types.js';

const entry: PriceEntryInput = {
  provider: 'acme',
  model: 'acme-1',
  effectiveFrom: '2026-01-01',
  prices: { input: '1', output: '2' },
  source: { url: 'https://acme.example/pricing', checked: '2026-01-01' },
};

function loadError(entries: PriceEntryInput[]): TokenledgerError {
  try {
    createCatalog(entries);
  } catch (error) {
    if (error instanceof TokenledgerError) return error;
  }
  throw new Error('expected createCatalog to throw a TokenledgerError');
}

describe('createCatalog', () => {
  describe('when an entry is invalid', () => {
    it('should reject a negative price, naming the entry', () => {
      const error = loadError([
        { ...entry, prices: { input: '-1', output: '2' } },
      ]);

      expect(error.code).toBe('INVALID_CATALOG');
      expect(error.message).toMatchInlineSnapshot(
        `"Price entry #0 (acme/acme-1@2026-01-01): \`prices.input\` is negative (-1); prices are >= 0."`,
      );
    });

    it('should reject a missing required class', () => {
      const prices = { input: '1' } as PriceEntryInput['prices'];

      expect(loadError([{ ...entry, prices }]).message).toMatchInlineSnapshot(
        `"Price entry #0 (acme/acme-1@2026-01-01): \`prices.output\` is missing; every entry prices input and output (use '0' for a class the model never bills)."`,
      );
    });

    it('should reject a price given as a number', () => {
      const prices = {
        input: 1,
        output: '2',
      } as unknown as PriceEntryInput['prices'];

      expect(loadError([{ ...entry, prices }]).message).toContain(
        "`prices.input` must be a decimal string such as '3' or '0.075', got 1.",
      );
    });

    it('should reject overlapping effective dates for one model', () => {
      const error = loadError([
        { ...entry, effectiveTo: '2026-03-01' },
        { ...entry, effectiveFrom: '2026-02-01' },
      ]);

      expect(error.message).toMatchInlineSnapshot(
        `"Price entries acme/acme-1@2026-01-01 and acme/acme-1@2026-02-01 overlap: one model can have one price at a time. Give the earlier one an effectiveTo at or before 2026-02-01, or remove one."`,
      );
    });

    it('should reject two entries with the same effective date', () => {
      expect(loadError([entry, entry]).message).toContain('overlap');
    });

    it('should reject a tier threshold that is not positive', () => {
      const tiers = [
        {
          name: 'long',
          promptTokensAbove: 0,
          prices: { input: '2', output: '4' },
        },
      ];

      expect(loadError([{ ...entry, tiers }]).message).toMatchInlineSnapshot(
        `"Price entry #0 (acme/acme-1@2026-01-01): tier "long" has promptTokensAbove 0; it must be a positive whole number of prompt tokens."`,
      );
    });

    it('should reject an entry without a source', () => {
      const { source: _source, ...unsourced } = entry;

      expect(loadError([unsourced as PriceEntryInput]).message).toContain(
        'needs `source: { url, checked: YYYY-MM-DD }`',
      );
    });
  });

  describe('when an entry has an effectiveTo', () => {
    it('should leave calls in the gap after it unpriced', () => {
      const catalog = createCatalog([
        { ...entry, effectiveTo: '2026-02-01' },
        { ...entry, effectiveFrom: '2026-03-01' },
      ]);
      const usage = tokenUsage({ inputTokens: 1_000_000 });
      const price = (at: string) =>
        priceUsage(
          { provider: 'acme', model: 'acme-1', usage, at: new Date(at) },
          catalog,
        );

      expect(price('2026-01-31T23:59:59Z')).toMatchObject({
        totalUsd: '1.000000000',
      });
      expect(price('2026-02-15').priced).toBe(false);
      expect(price('2026-03-01')).toMatchObject({
        priceId: 'acme/acme-1@2026-03-01',
      });
    });
  });

  describe('when an entry spells its provider and model loosely', () => {
    it('should store them in canonical form', () => {
      const catalog = createCatalog([
        { ...entry, provider: ' AWS-Bedrock ', model: 'Acme-1' },
      ]);
      const cost = priceUsage(
        {
          provider: 'bedrock',
          model: 'acme-1',
          usage: tokenUsage({ inputTokens: 10 }),
          at: new Date('2026-06-01'),
        },
        catalog,
      );

      expect(cost).toMatchObject({ priceId: 'bedrock/acme-1@2026-01-01' });
    });
  });

  describe('when the call time is not a valid date', () => {
    it('should be unpriced and say so', () => {
      const cost = priceUsage({
        provider: 'openai',
        model: 'gpt-4o',
        usage: tokenUsage({ inputTokens: 1 }),
        at: new Date('not a date'),
      });

      expect(cost).toEqual({
        priced: false,
        reason:
          'Cannot price model "gpt-4o" of provider "openai" at an invalid date: `at` must be a valid Date (the time of the call), or left out to price at the current time.',
      });
    });
  });

  describe('when extending the default catalog', () => {
    const negotiated = createCatalog(
      [
        {
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          effectiveFrom: '2026-11-01',
          prices: {
            input: '2',
            output: '10',
            cacheRead: '0.2',
            cacheWrite: '2.5',
          },
          batchMultiplier: '0.5',
          source: {
            url: 'https://example.com/contract',
            checked: '2026-11-01',
          },
        },
      ],
      {
        extends: defaultCatalog,
        aliases: { azure: { 'prod-chat': 'gpt-4o' } },
      },
    );
    const usage = tokenUsage({ inputTokens: 100_000, outputTokens: 10_000 });

    it('should use the negotiated rate from its date on and the list price before', () => {
      const price = (at: string) =>
        priceUsage(
          {
            provider: 'anthropic',
            model: 'claude-sonnet-4-5',
            usage,
            at: new Date(at),
          },
          negotiated,
        );

      // list: 100k x 3 + 10k x 15 = 450000 per million; negotiated: 100k x 2
      // + 10k x 10 = 300000 per million
      expect(price('2026-10-31T23:59:59Z')).toMatchObject({
        totalUsd: '0.450000000',
      });
      expect(price('2026-11-01T00:00:00Z')).toMatchObject({
        totalUsd: '0.300000000',
        priceId: 'anthropic/claude-sonnet-4-5@2026-11-01',
      });
    });

    it('should map an Azure deployment name to its model', () => {
      // gpt-4o: 100k x 2.50 + 10k x 10 = 350000 per million
      const cost = priceUsage(
        {
          provider: 'azure-openai',
          model: 'Prod-Chat',
          usage,
          at: new Date('2026-06-01T00:00:00Z'),
        },
        negotiated,
      );

      expect(cost).toMatchObject({
        totalUsd: '0.350000000',
        canonicalModel: 'gpt-4o',
      });
    });

    it('should list a replaced entry once', () => {
      const replaced = createCatalog(
        [
          {
            ...entry,
            provider: 'openai',
            model: 'gpt-4o',
            effectiveFrom: '2024-08-06',
          },
        ],
        { extends: defaultCatalog },
      );
      const gpt4o = replaced.entries.filter((item) => item.model === 'gpt-4o');

      expect(gpt4o).toHaveLength(1);
      expect(gpt4o[0]?.prices).toEqual({ input: '1', output: '2' });
      expect(replaced.entries).toHaveLength(defaultCatalog.entries.length);
    });

    it('should reject an alias to a model it has no entry for, naming both', () => {
      const error = (() => {
        try {
          createCatalog([], {
            extends: defaultCatalog,
            aliases: { azure: { 'prod-chat': 'gpt-4o-typo' } },
          });
        } catch (thrown) {
          return thrown;
        }
        return null;
      })();

      expect(error).toBeInstanceOf(TokenledgerError);
      expect(error).toMatchObject({
        code: 'INVALID_CATALOG',
        message:
          'The alias "prod-chat" of provider "azure" points at the model "gpt-4o-typo", which the catalog has no entry for; point it at a catalog model id (e.g. \'gpt-4o\') or add an entry for that model.',
      });
    });

    it('should reject an alias whose model is not a string', () => {
      expect(() =>
        createCatalog([], {
          extends: defaultCatalog,
          aliases: { azure: { 'prod-chat': 42 as unknown as string } },
        }),
      ).toThrow(/"prod-chat" of provider "azure" points at the model 42/);
    });

    it('should keep the user aliases when extended again', () => {
      const again = createCatalog([], { extends: negotiated });

      expect(
        again.resolve('azure', 'prod-chat', new Date('2026-06-01'))
          ?.canonicalModel,
      ).toBe('gpt-4o');
    });
  });

  describe('find', () => {
    it('should expose the cache facts of the entry in force', () => {
      const haiku = defaultCatalog.find(
        'anthropic',
        'claude-haiku-4-5-20251001',
      );
      const gpt = defaultCatalog.find('azure', 'gpt-4o-2024-08-06');

      expect(haiku?.minCacheableTokens).toBe(4096);
      expect(haiku?.cacheTtlSeconds).toEqual([300, 3600]);
      expect(gpt?.minCacheableTokens).toBe(1024);
    });

    it('should return the entry in force at a date', () => {
      const at = new Date('2026-03-01');

      expect(
        defaultCatalog.find('anthropic', 'claude-opus-4-6', at)?.tiers,
      ).toHaveLength(1);
      expect(
        defaultCatalog.find('anthropic', 'claude-opus-4-6')?.tiers,
      ).toBeUndefined();
    });

    it('should list the history of a model', () => {
      const history = defaultCatalog
        .history('gpt-5.6-terra')
        .map((item) => item.effectiveFrom);

      expect(history).toEqual(['2026-07-09', '2026-07-30']);
    });
  });

  describe('defaultCatalog', () => {
    it('should give every bundled entry a source and a positive input price or unit price', () => {
      for (const item of defaultCatalog.entries) {
        expect(item.source.url).toMatch(/^https:\/\//);
        expect(
          item.prices.input !== '0' || item.units?.page !== undefined,
        ).toBe(true);
      }
    });
  });
});
