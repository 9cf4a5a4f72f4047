import { TokenledgerError } from '../errors.js';
import { canonicalProvider } from './resolve.js';
import type {
  PriceEntry,
  PriceEntryInput,
  PriceTierInput,
  TokenPrices,
  UnitPrices,
} from './types.js';

const PRICE_PATTERN = /^\d+(\.\d+)?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;
const TOKEN_CLASSES = [
  'input',
  'output',
  'cacheWrite',
  'cacheWrite1h',
  'cacheRead',
  'inputAudio',
] as const;
const UNIT_CLASSES = ['page', 'image', 'request'] as const;

/**
 * Checks entries and returns them with their ids and instants. Throws a
 * `TokenledgerError` with code `INVALID_CATALOG` naming the entry.
 */
export function validateEntries(
  inputs: readonly PriceEntryInput[],
): PriceEntry[] {
  const entries = inputs.map((input, index) => validateEntry(input, index));

  rejectOverlaps(entries);

  return entries;
}

function validateEntry(input: PriceEntryInput, index: number): PriceEntry {
  const label = entryLabel(input, index);
  const fail = (problem: string): never => {
    throw invalid(`Price entry ${label}: ${problem}`, input);
  };

  if (!nonEmpty(input?.provider) || !nonEmpty(input.model)) {
    fail('needs a non-empty `provider` and `model`.');
  }
  const fromMs = parseInstant(input.effectiveFrom);
  if (fromMs === null) {
    fail(
      `effectiveFrom ${JSON.stringify(input.effectiveFrom)} is not a date; use YYYY-MM-DD.`,
    );
  }
  const toMs =
    input.effectiveTo === undefined
      ? Infinity
      : parseInstant(input.effectiveTo);
  if (toMs === null || toMs <= (fromMs as number)) {
    fail('effectiveTo must be a date (YYYY-MM-DD) after effectiveFrom.');
  }

  checkTokenPrices(input.prices, 'prices', fail);
  checkUnitPrices(input.units, fail);
  checkTiers(input.tiers ?? [], fail);
  checkMultiplier(input.batchMultiplier, 'batchMultiplier', fail);
  checkMultiplier(
    input.bedrockRegionalMultiplier,
    'bedrockRegionalMultiplier',
    fail,
  );
  checkCacheFacts(input, fail);
  checkAliases(input, fail);
  checkSource(input, fail);

  const provider = canonicalProvider(input.provider);
  const model = input.model.trim().toLowerCase();

  return {
    ...input,
    provider,
    model,
    id: `${provider}/${model}@${input.effectiveFrom}`,
    fromMs: fromMs as number,
    toMs: toMs as number,
    minCacheableTokens: input.minCacheableTokens ?? null,
    cacheTtlSeconds: input.cacheTtlSeconds ?? [],
  };
}

type Fail = (problem: string) => never;

function checkTokenPrices(
  prices: TokenPrices | undefined,
  where: string,
  fail: Fail,
): void {
  if (!prices || typeof prices !== 'object') {
    fail(
      `\`${where}\` is missing; give at least input and output per million tokens.`,
    );
  }
  for (const required of ['input', 'output'] as const) {
    if (prices?.[required] === undefined) {
      fail(
        `\`${where}.${required}\` is missing; every entry prices input and output (use '0' for a class the model never bills).`,
      );
    }
  }
  for (const name of TOKEN_CLASSES) {
    checkPrice(prices?.[name], `${where}.${name}`, fail);
  }
}

function checkUnitPrices(units: UnitPrices | undefined, fail: Fail): void {
  for (const name of UNIT_CLASSES) {
    checkPrice(units?.[name], `units.${name}`, fail);
  }
}

function checkPrice(value: unknown, where: string, fail: Fail): void {
  if (value === undefined) return;

  if (typeof value === 'string' && value.trim().startsWith('-')) {
    fail(`\`${where}\` is negative (${value}); prices are >= 0.`);
  }
  if (typeof value !== 'string' || !PRICE_PATTERN.test(value)) {
    fail(
      `\`${where}\` must be a decimal string such as '3' or '0.075', got ${JSON.stringify(value)}.`,
    );
  }
}

function checkTiers(tiers: readonly PriceTierInput[], fail: Fail): void {
  const names = new Set<string>();

  for (const tier of tiers) {
    const threshold = tier?.promptTokensAbove;
    if (!Number.isSafeInteger(threshold) || threshold <= 0) {
      fail(
        `tier ${JSON.stringify(tier?.name)} has promptTokensAbove ${JSON.stringify(threshold)}; it must be a positive whole number of prompt tokens.`,
      );
    }
    if (!nonEmpty(tier.name) || names.has(tier.name)) {
      fail('every tier needs a unique non-empty `name`.');
    }
    names.add(tier.name);
    checkTokenPrices(tier.prices, `tiers.${tier.name}.prices`, fail);
  }
}

function checkMultiplier(
  value: string | undefined,
  where: string,
  fail: Fail,
): void {
  checkPrice(value, where, fail);

  if (value !== undefined && Number(value) === 0) {
    fail(`\`${where}\` is 0; a multiplier must be positive.`);
  }
}

function checkCacheFacts(input: PriceEntryInput, fail: Fail): void {
  const minimum = input.minCacheableTokens;
  if (minimum != null && (!Number.isSafeInteger(minimum) || minimum < 0)) {
    fail(
      'minCacheableTokens must be a whole number >= 0, or null when unknown.',
    );
  }

  for (const ttl of input.cacheTtlSeconds ?? []) {
    if (!Number.isSafeInteger(ttl) || ttl <= 0) {
      fail(
        `cacheTtlSeconds has ${JSON.stringify(ttl)}; TTLs are positive whole seconds.`,
      );
    }
  }
}

function checkAliases(input: PriceEntryInput, fail: Fail): void {
  for (const alias of input.aliases ?? []) {
    const id = typeof alias === 'string' ? alias : alias?.id;
    if (!nonEmpty(id)) fail('aliases must be non-empty strings.');
    if (typeof alias !== 'string' && parseInstant(alias.from) === null) {
      fail(
        `alias ${JSON.stringify(alias.id)} has a \`from\` that is not a date (YYYY-MM-DD).`,
      );
    }
  }
}

function checkSource(input: PriceEntryInput, fail: Fail): void {
  if (
    !nonEmpty(input.source?.url) ||
    parseInstant(input.source.checked) === null
  ) {
    fail(
      'needs `source: { url, checked: YYYY-MM-DD }` so the price can be audited.',
    );
  }
}

function rejectOverlaps(entries: readonly PriceEntry[]): void {
  const byModel = new Map<string, PriceEntry[]>();
  for (const entry of entries) {
    const key = `${entry.provider}/${entry.model}`;
    byModel.set(key, [...(byModel.get(key) ?? []), entry]);
  }

  for (const list of byModel.values()) {
    const sorted = [...list].sort((a, b) => a.fromMs - b.fromMs);
    sorted.forEach((entry, index) => {
      const next = sorted[index + 1];
      if (
        next &&
        (next.fromMs === entry.fromMs ||
          (entry.effectiveTo !== undefined && entry.toMs > next.fromMs))
      ) {
        throw invalid(
          `Price entries ${entry.id} and ${next.id} overlap: one model can have one price at a time. Give the earlier one an effectiveTo at or before ${next.effectiveFrom}, or remove one.`,
          entry,
        );
      }
    });
  }
}

/** Parses `YYYY-MM-DD` (UTC midnight) or an ISO instant; null otherwise. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return null;

  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);

  return Number.isNaN(ms) ? null : ms;
}

function entryLabel(input: PriceEntryInput, index: number): string {
  const name = `${input?.provider ?? '?'}/${input?.model ?? '?'}@${input?.effectiveFrom ?? '?'}`;

  return `#${index} (${name})`;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function invalid(message: string, entry: unknown): TokenledgerError {
  return new TokenledgerError('INVALID_CATALOG', message, {
    details: { entry },
  });
}
