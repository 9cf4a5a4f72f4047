import { TokenledgerError, UsageError } from '../errors.js';
import { MAX_TOKEN_COUNT, type TokenUsage } from '../schema.js';
import { Catalog, type CatalogMatch } from './catalog.js';
import { lacksRate, missingRates, priceComponents } from './compute.js';
import { defaultCatalog } from './default-catalog.js';
import type { Cost, PriceCatalog } from './types.js';

/**
 * One call to price.
 *
 * @example
 * ```ts
 * const call: PriceUsageInput = { provider: 'openai', model: 'gpt-4o', usage, at: new Date(), batch: false };
 * ```
 */
export interface PriceUsageInput {
  /** Provider or platform id: `anthropic`, `bedrock`, `aws-bedrock`, … */
  provider: string;
  /** The model id as the provider reported it. */
  model: string;
  usage: TokenUsage;
  /** When the call was made; the price in force then applies. Default: now. */
  at?: Date;
  /** Made through a batch API. */
  batch?: boolean;
}

/**
 * Prices one call exactly: every component is rounded once, half to even,
 * to nano-USD, and the total is the sum of the rounded components. An id
 * the catalog cannot resolve, or a token class it has no price for, gives
 * `{ priced: false, reason }`, never $0. Invalid usage throws `UsageError`.
 *
 * @example
 * ```ts
 * const cost = priceUsage({
 *   provider: 'anthropic',
 *   model: 'claude-sonnet-4-5-20250929',
 *   usage: tokenUsage({ inputTokens: 1000, cacheReadTokens: 2000, cacheWriteTokens: 500, outputTokens: 300 }),
 * });
 * if (cost.priced) cost.totalUsd; // '0.009975000'
 * ```
 * @see docs/pricing.md
 */
export function priceUsage(
  call: PriceUsageInput,
  catalog: PriceCatalog = defaultCatalog,
): Cost {
  if (typeof call !== 'object' || call === null) {
    throw new UsageError(
      `priceUsage needs a call { provider, model, usage, at? }, got ${String(call)}; see docs/pricing.md.`,
      { field: 'call' },
    );
  }

  const usage = call.usage;
  assertUsage(usage);

  if (typeof call.provider !== 'string' || typeof call.model !== 'string') {
    return unpriced(
      `priceUsage needs provider and model strings, got ${JSON.stringify(call.provider)} / ${JSON.stringify(call.model)}.`,
    );
  }

  const atMs = instantOf(call.at);
  const match = catalogOf(catalog).match(call.provider, call.model, atMs);
  if (!match) return unknownModel(call, atMs);

  const promptTokens =
    usage.inputTokens +
    usage.cacheReadTokens +
    usage.cacheWriteTokens +
    usage.cacheWrite1hTokens;

  return priceMatch(call, match, promptTokens);
}

function priceMatch(
  call: PriceUsageInput,
  match: CatalogMatch,
  promptTokens: number,
): Cost {
  const batch = call.batch === true;
  const entry = match.compiled.entry;
  if (batch && entry.batchMultiplier === undefined) {
    return unpriced(
      `${entry.id} has no batch price; add batchMultiplier to its entry with createCatalog (see docs/pricing.md).`,
    );
  }

  const plan = match.compiled.plan(promptTokens, batch, match.bedrockRegional);
  if (lacksRate(call.usage, plan.rates)) {
    const classes = missingRates(call.usage, plan.rates).join(', ');
    return unpriced(
      `${plan.priceId} has no price for ${classes}, which this call of ${call.model} used; add it with createCatalog (see docs/pricing.md).`,
    );
  }

  const amounts = priceComponents(call.usage, plan.rates);

  return {
    priced: true,
    totalUsd: amounts.totalUsd,
    canonicalModel: match.canonicalModel,
    priceId: plan.priceId,
    tier: plan.tier,
    breakdown: amounts.breakdown,
  };
}

function instantOf(at: Date | undefined): number {
  if (at === undefined) return Date.now();

  return at instanceof Date ? at.getTime() : Number.NaN;
}

function catalogOf(catalog: PriceCatalog): Catalog {
  if (catalog instanceof Catalog) return catalog;

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    'priceUsage needs a catalog made by createCatalog() or defaultCatalog; build yours with createCatalog(entries, { extends: defaultCatalog }).',
  );
}

function unknownModel(call: PriceUsageInput, atMs: number): Cost {
  if (Number.isNaN(atMs)) {
    return unpriced(
      `Cannot price model ${JSON.stringify(call.model)} of provider ${JSON.stringify(call.provider)} at an invalid date: \`at\` must be a valid Date (the time of the call), or left out to price at the current time.`,
    );
  }
  const when = new Date(atMs).toISOString();

  return unpriced(
    `No price for model ${JSON.stringify(call.model)} of provider ${JSON.stringify(call.provider)} at ${when}. Add an entry (or an alias) with createCatalog([...], { extends: defaultCatalog }); see docs/pricing.md.`,
  );
}

function unpriced(reason: string): Cost {
  return { priced: false, reason };
}

/** Cheap structural check of a normalized usage; throws `UsageError`. */
function assertUsage(usage: TokenUsage): void {
  if (typeof usage !== 'object' || usage === null) {
    throw new UsageError(
      'priceUsage needs a TokenUsage object; normalize the provider usage with normalizeUsage() first.',
      { field: 'usage' },
    );
  }

  // Unrolled on purpose: this runs on every recorded call.
  if (
    !isCount(usage.inputTokens) ||
    !isCount(usage.outputTokens) ||
    !isCount(usage.cacheWriteTokens) ||
    !isCount(usage.cacheWrite1hTokens) ||
    !isCount(usage.cacheReadTokens) ||
    !isCount(usage.reasoningTokens) ||
    !isCount(usage.audioInputTokens) ||
    !isCount(usage.audioOutputTokens) ||
    !isOptionalCount(usage.pages) ||
    !isOptionalCount(usage.images) ||
    !isOptionalCount(usage.requests)
  ) {
    throw firstBadCount(usage);
  }

  if (usage.audioInputTokens > usage.inputTokens) {
    throw new UsageError(
      `usage.audioInputTokens (${usage.audioInputTokens}) is larger than usage.inputTokens (${usage.inputTokens}); audio input is part of input.`,
      { field: 'audioInputTokens' },
    );
  }
}

const COUNTED = [
  'inputTokens',
  'outputTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'cacheReadTokens',
  'reasoningTokens',
  'audioInputTokens',
  'audioOutputTokens',
  'pages',
  'images',
  'requests',
] as const;

function firstBadCount(usage: TokenUsage): UsageError {
  const field =
    COUNTED.find((name, index) =>
      index < 8 ? !isCount(usage[name]) : !isOptionalCount(usage[name]),
    ) ?? 'usage';

  return new UsageError(
    `usage.${field} must be a whole number from 0 to ${MAX_TOKEN_COUNT}, got ${JSON.stringify(usage[field as keyof TokenUsage])}; pass a normalized TokenUsage (see tokenUsage()).`,
    { field },
  );
}

function isOptionalCount(value: unknown): boolean {
  return value === undefined || isCount(value);
}

function isCount(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_TOKEN_COUNT
  );
}
