/**
 * USD prices per million tokens, as decimal strings (`'3'`, `'0.0625'`).
 * `input` and `output` are required (write `'0'` for a class a model never
 * bills, e.g. the output of an embedding model); a missing optional class
 * leaves calls that use it unpriced rather than free.
 *
 * @example
 * ```ts
 * const sonnet: TokenPrices = { input: '3', output: '15', cacheWrite: '3.75', cacheWrite1h: '6', cacheRead: '0.3' };
 * ```
 */
export interface TokenPrices {
  /** Uncached prompt tokens. */
  input: string;
  /** Generated tokens, reasoning included. */
  output: string;
  /** Cache writes with the default TTL (`usage.cacheWriteTokens`). */
  cacheWrite?: string;
  /** Cache writes with the long TTL (`usage.cacheWrite1hTokens`). */
  cacheWrite1h?: string;
  /** Prompt tokens served from the cache. */
  cacheRead?: string;
  /** Audio prompt tokens, when they cost more than `input`. */
  inputAudio?: string;
}

/**
 * USD per unit, as decimal strings: OCR pages, images, extra requests.
 *
 * @example
 * ```ts
 * const ocr: UnitPrices = { page: '0.004' }; // 4 USD per 1,000 pages
 * ```
 */
export interface UnitPrices {
  page?: string;
  image?: string;
  request?: string;
}

/**
 * A long-context tier: when a request's prompt (uncached input, cache reads
 * and writes) is above `promptTokensAbove`, these prices apply to the WHOLE
 * request, output included.
 *
 * @example
 * ```ts
 * const tier: PriceTierInput = {
 *   name: 'long-context',
 *   promptTokensAbove: 200_000,
 *   prices: { input: '6', output: '22.5' },
 * };
 * ```
 */
export interface PriceTierInput {
  /** Short name kept in the price id, e.g. `'long-context'`. */
  name: string;
  /** Strict threshold: exactly this many prompt tokens stays on the base. */
  promptTokensAbove: number;
  prices: TokenPrices;
}

/**
 * Where a price was read and when it was last checked against it.
 *
 * @example
 * ```ts
 * const source: PriceSource = { url: 'https://ai.google.dev/gemini-api/docs/pricing', checked: '2026-12-03' };
 * ```
 */
export interface PriceSource {
  url: string;
  /** ISO date, `YYYY-MM-DD`. */
  checked: string;
  /** A disagreement between sources, or what was assumed. */
  note?: string;
}

/**
 * Another id a model is called by. A plain string always resolves to the
 * model; `{ id, from }` resolves to it only from that date on (moving
 * `-latest` aliases).
 *
 * @example
 * ```ts
 * const aliases: ModelAlias[] = ['mistral-large-2512', { id: 'mistral-large-latest', from: '2025-12-02' }];
 * ```
 */
export type ModelAlias = string | { id: string; from: string };

/**
 * One catalog entry: one model's prices from one effective date on, until
 * the next entry of the same model (or `effectiveTo`).
 *
 * @example
 * ```ts
 * const negotiated: PriceEntryInput = {
 *   provider: 'anthropic',
 *   model: 'claude-sonnet-4-5',
 *   effectiveFrom: '2026-11-01',
 *   prices: { input: '2.4', output: '12', cacheRead: '0.24', cacheWrite: '3', cacheWrite1h: '4.8' },
 *   batchMultiplier: '0.5',
 *   source: { url: 'https://example.com/our-contract', checked: '2026-11-01' },
 * };
 * ```
 */
export interface PriceEntryInput {
  /** The vendor that sets the price: `anthropic`, `openai`, `google`, `mistral`, … */
  provider: string;
  /** Canonical model id, e.g. `claude-sonnet-4-5`. */
  model: string;
  /** First day (UTC) the prices apply, `YYYY-MM-DD` or an ISO instant. */
  effectiveFrom: string;
  /** First day the prices no longer apply; omitted: until the next entry. */
  effectiveTo?: string;
  /** Other ids: dated snapshots, `-latest` aliases, platform ids. */
  aliases?: readonly ModelAlias[];
  prices: TokenPrices;
  units?: UnitPrices;
  tiers?: readonly PriceTierInput[];
  /** Multiplier on every class for batch calls, e.g. `'0.5'`. */
  batchMultiplier?: string;
  /**
   * Multiplier for AWS Bedrock geo inference profiles (`us.`, `eu.`, …) and
   * in-region ids; `global.` profiles always pay the list price.
   */
  bedrockRegionalMultiplier?: string;
  /** Smallest prompt prefix the provider caches; null when unknown. */
  minCacheableTokens?: number | null;
  /** Cache lifetimes offered, default first, in seconds. */
  cacheTtlSeconds?: readonly number[];
  source: PriceSource;
}

/**
 * A validated entry, as the catalog holds it.
 *
 * @example
 * ```ts
 * const entry: PriceEntry | null = defaultCatalog.find('openai', 'gpt-4o');
 * entry?.id; // 'openai/gpt-4o@2024-08-06'
 * ```
 */
export interface PriceEntry extends PriceEntryInput {
  /** `provider/model@effectiveFrom`, the stem of every price id. */
  readonly id: string;
  /** `effectiveFrom` as epoch milliseconds. */
  readonly fromMs: number;
  /** `effectiveTo` as epoch milliseconds; `Infinity` when open. */
  readonly toMs: number;
  readonly minCacheableTokens: number | null;
  readonly cacheTtlSeconds: readonly number[];
}

/**
 * How a call's id mapped onto the catalog.
 *
 * @example
 * ```ts
 * defaultCatalog.resolve('bedrock', 'us.anthropic.claude-haiku-4-5-20251001-v1:0');
 * // { canonicalModel: 'claude-haiku-4-5', bedrockRegional: true }
 * ```
 */
export interface ResolvedModel {
  canonicalModel: string;
  /** Priced with the Bedrock regional premium. */
  bedrockRegional: boolean;
}

/**
 * A set of price entries with model resolution. Build one with
 * `createCatalog`; `defaultCatalog` holds the bundled prices.
 *
 * @example
 * ```ts
 * const entry = defaultCatalog.find('anthropic', 'claude-haiku-4-5', new Date());
 * entry?.minCacheableTokens; // 4096
 * ```
 */
export interface PriceCatalog {
  readonly entries: readonly PriceEntry[];
  /** Maps a provider's model id (at a time, for moving aliases). */
  resolve(provider: string, model: string, at?: Date): ResolvedModel | null;
  /** The entry in force for that id at `at` (default: now), or null. */
  find(provider: string, model: string, at?: Date): PriceEntry | null;
  /** Every entry of one canonical model, oldest first. */
  history(canonicalModel: string): readonly PriceEntry[];
}

/**
 * The cost of one call. Amounts are USD strings with 9 decimals.
 *
 * @example
 * ```ts
 * const cost: Cost = priceUsage({ provider: 'openai', model: 'gpt-4o', usage });
 * const usd = cost.priced ? cost.totalUsd : null;
 * ```
 */
export type Cost = PricedCost | UnpricedCost;

/**
 * A call the catalog could price.
 *
 * @example
 * ```ts
 * if (cost.priced) console.log(cost.priceId, cost.breakdown.cacheRead);
 * ```
 */
export interface PricedCost {
  priced: true;
  totalUsd: string;
  canonicalModel: string;
  /** `provider/model@effectiveFrom`, then `#tier` and `+bedrock-regional`. */
  priceId: string;
  tier: string | null;
  breakdown: {
    input: string;
    output: string;
    cacheWrite: string;
    cacheRead: string;
    units: string;
  };
}

/**
 * A call without a price: never counted as $0.
 *
 * @example
 * ```ts
 * if (!cost.priced) logger.warn(cost.reason);
 * ```
 */
export interface UnpricedCost {
  priced: false;
  /** Names the model and how to add a price. */
  reason: string;
}
