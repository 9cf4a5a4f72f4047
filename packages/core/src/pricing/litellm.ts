import { TokenledgerError } from '../errors.js';
import { createCatalog } from './catalog.js';
import { numberToDecimal, parseDecimal, shiftDecimal } from './decimal.js';
import { canonicalProvider, modelIdForms } from './resolve.js';
import type {
  PriceCatalog,
  PriceEntryInput,
  PriceTierInput,
  TokenPrices,
} from './types.js';

/**
 * Options for {@link importLiteLLMPrices}.
 *
 * @example
 * ```ts
 * const options: ImportLiteLLMOptions = { effectiveFrom: '2026-12-03', extends: defaultCatalog };
 * ```
 */
export interface ImportLiteLLMOptions {
  /** First day the imported prices apply, `YYYY-MM-DD`. Default: today (UTC). */
  effectiveFrom?: string;
  /** Keep this catalog's entries underneath (usually `defaultCatalog`). */
  extends?: PriceCatalog;
  /** Where the file came from, kept as each entry's source URL. */
  sourceUrl?: string;
}

/**
 * A row that was not imported, and why.
 *
 * @example
 * ```ts
 * litellmEntries(json).skipped; // [{ key: 'sample_spec', reason: 'the format description row' }]
 * ```
 */
export interface SkippedRow {
  key: string;
  reason: string;
}

/**
 * What {@link litellmEntries} read.
 *
 * @example
 * ```ts
 * const { entries, skipped }: LiteLLMImport = litellmEntries(json, { effectiveFrom: '2026-12-03' });
 * ```
 */
export interface LiteLLMImport {
  entries: PriceEntryInput[];
  skipped: SkippedRow[];
}

const DEFAULT_SOURCE =
  'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';

// litellm_provider values and the provider ids tokenledger uses for them.
const LITELLM_PROVIDERS: Readonly<Record<string, string>> = {
  'text-completion-openai': 'openai',
  gemini: 'google',
  bedrock_converse: 'bedrock',
  'vertex_ai-language-models': 'vertex',
  'vertex_ai-anthropic_models': 'vertex',
  'vertex_ai-mistral_models': 'vertex',
  codestral: 'mistral',
};
const KEY_PREFIX = /^[\w-]+\//;
const REGIONAL_KEY =
  /^(bedrock\/[\w-]+\/|(us|eu|apac|jp|au|us-gov|ca|global)\.)/;
const TIER_KEY = /^input_cost_per_token_above_(\d+)k_tokens$/;

/**
 * Reads LiteLLM's `model_prices_and_context_window.json` (per-token USD
 * prices, `cache_creation_input_token_cost`, `cache_read_input_token_cost`,
 * `*_above_1hr`, `*_above_200k_tokens`, `*_batches`, `ocr_cost_per_page`)
 * into a catalog, so prices can be refreshed without a release. Rows it
 * cannot read exactly are left out (see {@link litellmEntries}).
 *
 * @example
 * ```ts
 * const json = await (await fetch(url)).json();
 * const catalog = importLiteLLMPrices(json, { effectiveFrom: '2026-12-03', extends: defaultCatalog });
 * ```
 * @see docs/pricing.md
 */
export function importLiteLLMPrices(
  json: unknown,
  options: ImportLiteLLMOptions = {},
): PriceCatalog {
  const { entries } = litellmEntries(json, options);

  return createCatalog(
    entries,
    options.extends ? { extends: options.extends } : {},
  );
}

/**
 * The entries {@link importLiteLLMPrices} builds, and the rows it skipped.
 *
 * @example
 * ```ts
 * const { entries, skipped } = litellmEntries(json, { effectiveFrom: '2026-12-03' });
 * ```
 */
export function litellmEntries(
  json: unknown,
  options: Omit<ImportLiteLLMOptions, 'extends'> = {},
): LiteLLMImport {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TokenledgerError(
      'INVALID_CATALOG',
      'importLiteLLMPrices expects the parsed model_prices_and_context_window.json object (model id -> prices).',
    );
  }

  const effectiveFrom =
    options.effectiveFrom ?? new Date().toISOString().slice(0, 10);
  const source = {
    url: options.sourceUrl ?? DEFAULT_SOURCE,
    checked: effectiveFrom,
  };
  const result: LiteLLMImport = { entries: [], skipped: [] };
  const seen = new Set<string>();

  for (const [key, row] of Object.entries(json)) {
    const built = buildEntry(key, row, effectiveFrom, source);
    if (typeof built === 'string') {
      result.skipped.push({ key, reason: built });
      continue;
    }

    const id = `${built.provider}/${built.model}`;
    if (seen.has(id)) {
      result.skipped.push({ key, reason: `duplicate of ${id}` });
      continue;
    }
    seen.add(id);
    result.entries.push(built);
  }

  return result;
}

type Row = Record<string, unknown>;

function buildEntry(
  key: string,
  row: unknown,
  effectiveFrom: string,
  source: PriceEntryInput['source'],
): PriceEntryInput | string {
  if (key === 'sample_spec') return 'the format description row';
  if (typeof row !== 'object' || row === null) return 'not an object';
  if (REGIONAL_KEY.test(key))
    return 'regional variant; the base id is priced with its premium in the catalog';

  const fields = row as Row;
  const provider = providerOf(fields);
  const model = modelIdForms(provider, key.replace(KEY_PREFIX, ''))
    .candidates[0];
  const prices = tokenPrices(fields, '');
  const page = perUnit(fields.ocr_cost_per_page);
  if (!model) return 'empty model id';
  if (typeof prices === 'string') return prices;
  if (page === null && prices.input === '0' && prices.output === '0') {
    return 'no price';
  }

  const tiers = tiersOf(fields, prices);
  const batchMultiplier = batchRatio(fields, prices);

  return {
    provider,
    model,
    effectiveFrom,
    prices,
    ...(page !== null ? { units: { page } } : {}),
    ...(tiers.length > 0 ? { tiers } : {}),
    ...(batchMultiplier ? { batchMultiplier } : {}),
    source,
  };
}

function providerOf(row: Row): string {
  const raw =
    typeof row.litellm_provider === 'string' ? row.litellm_provider : 'unknown';

  return canonicalProvider(
    LITELLM_PROVIDERS[raw] ?? raw.replace(/^vertex_ai.*/, 'vertex'),
  );
}

function tokenPrices(
  row: Row,
  suffix: string,
  base?: TokenPrices,
): TokenPrices | string {
  const read = (field: string) => perMillion(row[`${field}${suffix}`]);
  const classes = {
    input: read('input_cost_per_token'),
    output: read('output_cost_per_token'),
    cacheWrite: read('cache_creation_input_token_cost'),
    cacheWrite1h: read('cache_creation_input_token_cost_above_1hr'),
    cacheRead: read('cache_read_input_token_cost'),
    inputAudio: read('input_cost_per_audio_token'),
  };
  if (Object.values(classes).includes(null)) {
    return 'a price is not a finite number >= 0';
  }
  if (!base && classes.input === undefined && classes.output === undefined) {
    return row.ocr_cost_per_page === undefined
      ? 'no token prices'
      : { input: '0', output: '0' };
  }

  const prices: Record<string, string> = { input: '0', output: '0', ...base };
  for (const [name, value] of Object.entries(classes)) {
    if (typeof value === 'string') prices[name] = value;
  }

  return prices as unknown as TokenPrices;
}

function tiersOf(row: Row, base: TokenPrices): PriceTierInput[] {
  const tiers: PriceTierInput[] = [];

  for (const field of Object.keys(row)) {
    const thousands = TIER_KEY.exec(field)?.[1];
    if (!thousands) continue;

    const prices = tierPrices(row, `_above_${thousands}k_tokens`, base);
    if (typeof prices === 'string') continue;
    tiers.push({
      name: `above-${thousands}k`,
      promptTokensAbove: Number(thousands) * 1000,
      prices,
    });
  }

  return tiers;
}

// Cache classes are priced as a multiple of input by every provider.
const CACHE_CLASSES = ['cacheWrite', 'cacheWrite1h', 'cacheRead'] as const;
const CACHE_FIELDS: Readonly<Record<(typeof CACHE_CLASSES)[number], string>> = {
  cacheWrite: 'cache_creation_input_token_cost',
  cacheWrite1h: 'cache_creation_input_token_cost_above_1hr',
  cacheRead: 'cache_read_input_token_cost',
};

/**
 * The prices of one long-context tier. A cache class the row prices with
 * the tier's suffix (`cache_creation_input_token_cost_above_1hr_above_200k_tokens`
 * for 1-hour writes) takes that price. One it leaves out keeps its ratio to
 * input: base rate x tier input / base input (1-hour writes at 6 on a 3
 * input become 12 on a 6 tier input), so it never stays at the lower base
 * rate; when that ratio is not an exact decimal, the class is left unpriced
 * in the tier (a call using it is then unpriced, never under-priced).
 */
function tierPrices(
  row: Row,
  suffix: string,
  base: TokenPrices,
): TokenPrices | string {
  const own = tokenPrices(row, suffix, {
    input: base.input,
    output: base.output,
  });
  if (typeof own === 'string') return own;

  const prices: TokenPrices = { ...own };
  if (base.inputAudio && !prices.inputAudio)
    prices.inputAudio = base.inputAudio;

  for (const name of CACHE_CLASSES) {
    const baseRate = base[name];
    if (row[`${CACHE_FIELDS[name]}${suffix}`] !== undefined || !baseRate) {
      continue;
    }

    const derived = scaled(baseRate, own.input, base.input);
    if (derived) prices[name] = derived;
  }

  return prices;
}

/**
 * `rate x to / from` as an exact decimal string with at most 12 decimals
 * (per million tokens, far below a nano-USD per token), or undefined when
 * it has no such form.
 */
function scaled(rate: string, to: string, from: string): string | undefined {
  const r = parseDecimal(rate);
  const t = parseDecimal(to);
  const f = parseDecimal(from);
  if (!r || !t || !f || f.digits === 0n) return undefined;

  // (r x t) / f = (r.digits x t.digits x 10^f.scale) / (f.digits x 10^(r.scale + t.scale))
  return exactQuotient(
    r.digits * t.digits * 10n ** BigInt(f.scale),
    f.digits * 10n ** BigInt(r.scale + t.scale),
    12,
  );
}

function batchRatio(row: Row, prices: TokenPrices): string | undefined {
  const input = perMillion(row.input_cost_per_token_batches);
  const output = perMillion(row.output_cost_per_token_batches);
  if (typeof input !== 'string' || typeof output !== 'string') return undefined;

  const inputRatio = ratio(input, prices.input);
  const outputRatio = ratio(output, prices.output);

  return inputRatio && inputRatio === outputRatio ? inputRatio : undefined;
}

/** `a / b` as a decimal string with at most 6 decimals, or undefined. */
function ratio(a: string, b: string): string | undefined {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y || y.digits === 0n) return undefined;

  return exactQuotient(
    x.digits * 10n ** BigInt(y.scale),
    y.digits * 10n ** BigInt(x.scale),
    6,
  );
}

/**
 * `numerator / denominator` as a decimal string with at most `decimals`
 * decimals (trailing zeros dropped), or undefined when it has no such form.
 */
function exactQuotient(
  numerator: bigint,
  denominator: bigint,
  decimals: number,
): string | undefined {
  const shifted = numerator * 10n ** BigInt(decimals);
  if (shifted % denominator !== 0n) return undefined;

  return shiftDecimal((shifted / denominator).toString(), -decimals);
}

/** A per-token USD number as a per-million decimal string. */
function perMillion(value: unknown): string | null | undefined {
  const usd = perUnit(value);

  return usd === null
    ? value === undefined
      ? undefined
      : null
    : shiftDecimal(usd, 6);
}

function perUnit(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    return null;

  return numberToDecimal(value);
}
