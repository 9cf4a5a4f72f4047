import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  badCount,
  countPaths,
  replaceAt,
  SHAPES,
} from '../../test/usage-arbitraries.js';
import { UsageError } from '../errors.js';
import {
  MAX_TOKEN_COUNT,
  promptTokens,
  type TokenUsage,
  TokenUsageSchema,
} from '../schema.js';
import { normalizeUsage } from './normalize.js';

function expectDisjointClasses(usage: TokenUsage): void {
  for (const value of Object.values(usage)) {
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(MAX_TOKEN_COUNT);
  }
  expect(usage.reasoningTokens + usage.audioOutputTokens).toBeLessThanOrEqual(
    usage.outputTokens,
  );
  expect(usage.audioInputTokens).toBeLessThanOrEqual(usage.inputTokens);
  expect(TokenUsageSchema.safeParse(usage).success).toBe(true);
}

function throwsUsageError(run: () => unknown): boolean {
  try {
    run();
  } catch (error) {
    return error instanceof UsageError;
  }

  return false;
}

describe.each(SHAPES)('normalizeUsage $shape (properties)', (arbs) => {
  it('should keep every prompt and output token, in disjoint classes', () => {
    fc.assert(
      fc.property(arbs.valid, fc.boolean(), (valid, wrapped) => {
        const raw = wrapped ? arbs.wrap(valid.usage) : valid.usage;
        const usage = normalizeUsage(arbs.shape, raw);

        expectDisjointClasses(usage);
        expect(promptTokens(usage)).toBe(valid.promptTotal);
        expect(usage.outputTokens).toBe(valid.outputTotal);
        expect(usage.cacheReadTokens).toBe(valid.cacheRead);
        expect(usage.reasoningTokens).toBe(valid.reasoning);
      }),
    );
  });

  it('should throw a UsageError for any bad count it reads', () => {
    const corrupted = arbs.valid.chain(({ usage }) => {
      const paths = countPaths(usage);

      return fc
        .tuple(fc.constantFrom(...paths), badCount, fc.boolean())
        .map(([path, bad, wrapped]) => {
          const broken = replaceAt(usage, path, bad);
          return wrapped ? arbs.wrap(broken) : broken;
        });
    });

    fc.assert(
      fc.property(corrupted, (raw) =>
        throwsUsageError(() => normalizeUsage(arbs.shape, raw)),
      ),
    );
  });

  it('should throw a UsageError when a part exceeds its whole', () => {
    if (arbs.contradictory === undefined) return;

    fc.assert(
      fc.property(arbs.contradictory, (raw) =>
        throwsUsageError(() => normalizeUsage(arbs.shape, raw)),
      ),
    );
  });

  it('should either normalize or throw a UsageError for anything', () => {
    const anything = fc.oneof(
      fc.anything(),
      fc.anything().map((value) => arbs.wrap({ value })),
      arbs.valid.chain(({ usage }) =>
        fc
          .dictionary(fc.constantFrom(...Object.keys(usage)), fc.anything())
          .map((noise) => ({ ...usage, ...noise })),
      ),
    );

    fc.assert(
      fc.property(anything, (raw) => {
        try {
          expectDisjointClasses(normalizeUsage(arbs.shape, raw));
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
    );
  });
});
