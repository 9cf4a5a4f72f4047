import { divRoundHalfEven, formatUsd, parseUsd } from '../money.js';
import type { CostBreakdown, UsageEvent } from '../schema.js';
import { numberToDecimal, parseDecimal } from './decimal.js';
import { defaultCatalog } from './default-catalog.js';
import { priceUsage } from './price.js';
import type { Cost, PriceCatalog } from './types.js';

/**
 * The cost fields of a `UsageEvent`, as a `Cost` fills them.
 *
 * @example
 * ```ts
 * const fields: EventCostFields = eventCostFields(priceUsage(call));
 * ```
 */
export interface EventCostFields {
  priced: boolean;
  unpricedReason: string | null;
  costUsd: string | null;
  cost: CostBreakdown | null;
  priceId: string | null;
  canonicalModel: string | null;
}

/**
 * Turns a {@link Cost} into the cost fields of a `UsageEvent`: an unpriced
 * call keeps null amounts and its reason, never zeros.
 *
 * @example
 * ```ts
 * const event = { ...draft, ...eventCostFields(priceUsage(call)) };
 * ```
 */
export function eventCostFields(cost: Cost): EventCostFields {
  if (!cost.priced) {
    return {
      priced: false,
      unpricedReason: cost.reason,
      costUsd: null,
      cost: null,
      priceId: null,
      canonicalModel: null,
    };
  }

  return {
    priced: true,
    unpricedReason: null,
    costUsd: cost.totalUsd,
    cost: cost.breakdown,
    priceId: cost.priceId,
    canonicalModel: cost.canonicalModel,
  };
}

/**
 * One event priced again: what is stored, what the catalog says now.
 *
 * @example
 * ```ts
 * for (const change of repriceEvents(events, catalog)) if (change.changed) console.log(change.id, change.deltaUsd);
 * ```
 */
export interface RepricedEvent {
  id: string;
  before: Pick<UsageEvent, 'priced' | 'costUsd' | 'priceId'>;
  after: Cost;
  /** The total, the priced flag or the price id differ. */
  changed: boolean;
  /** `after - before` in USD when both are priced, else null. */
  deltaUsd: string | null;
}

/**
 * Prices stored events again with a catalog, each at its own timestamp,
 * and reports old against new so a CLI can show the diff and apply it with
 * {@link eventCostFields}. Never throws: an event whose usage no longer
 * validates comes back unpriced with the reason.
 *
 * @example
 * ```ts
 * const changes = repriceEvents(events, createCatalog(fixed, { extends: defaultCatalog }))
 *   .filter((item) => item.changed);
 * ```
 */
export function repriceEvents(
  events: Iterable<UsageEvent>,
  catalog: PriceCatalog = defaultCatalog,
): RepricedEvent[] {
  const results: RepricedEvent[] = [];

  for (const event of events) {
    const after = repriceOne(event, catalog);
    const before = {
      priced: event.priced,
      costUsd: event.costUsd,
      priceId: event.priceId,
    };

    results.push({ id: event.id, before, after, ...compare(before, after) });
  }

  return results;
}

function repriceOne(event: UsageEvent, catalog: PriceCatalog): Cost {
  try {
    return priceUsage(
      {
        provider: event.provider,
        model: event.model,
        usage: event.usage,
        at: event.timestamp,
        batch: event.batch,
      },
      catalog,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { priced: false, reason: message };
  }
}

function compare(
  before: RepricedEvent['before'],
  after: Cost,
): Pick<RepricedEvent, 'changed' | 'deltaUsd'> {
  if (!after.priced || !before.priced || before.costUsd === null) {
    return { changed: after.priced !== before.priced, deltaUsd: null };
  }

  const delta = parseUsd(after.totalUsd) - parseUsd(before.costUsd);

  return {
    changed: delta !== 0n || after.priceId !== before.priceId,
    deltaUsd: formatUsd(delta),
  };
}

/**
 * A gateway-reported cost beside ours.
 *
 * @example
 * ```ts
 * const { providerCostUsd, differenceUsd }: ProviderCostComparison = compareProviderCost(cost, '0.01');
 * ```
 */
export interface ProviderCostComparison {
  /** The reported cost, 9 decimals (rounded half to even), or null. */
  providerCostUsd: string | null;
  /** `provider - computed` in USD; null unless both exist. */
  differenceUsd: string | null;
}

/**
 * Normalizes a cost a provider or gateway reported (a number or a decimal
 * string) and sets it beside the computed one. It never replaces the
 * computed cost: store it as `providerCostUsd` and the difference stays
 * visible.
 *
 * @example
 * ```ts
 * compareProviderCost(cost, response.usage.cost); // { providerCostUsd: '0.009980000', differenceUsd: '0.000005000' }
 * ```
 */
export function compareProviderCost(
  cost: Cost,
  reported: string | number | null | undefined,
): ProviderCostComparison {
  const providerNano = reportedNano(reported);
  if (providerNano === null) {
    return { providerCostUsd: null, differenceUsd: null };
  }

  const providerCostUsd = formatUsd(providerNano);
  if (!cost.priced) return { providerCostUsd, differenceUsd: null };

  return {
    providerCostUsd,
    differenceUsd: formatUsd(providerNano - parseUsd(cost.totalUsd)),
  };
}

function reportedNano(
  value: string | number | null | undefined,
): bigint | null {
  const text =
    typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? numberToDecimal(value)
      : typeof value === 'string'
        ? value.trim()
        : null;
  const decimal = text === null ? null : parseDecimal(text);
  if (!decimal) return null;

  return divRoundHalfEven(
    decimal.digits * 10n ** 9n,
    10n ** BigInt(decimal.scale),
  );
}
