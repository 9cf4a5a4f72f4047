import { compileRates, type RateSet } from './rates.js';
import type { PriceEntry } from './types.js';

/** The rates and price id of one entry, tier and kind of call. */
export interface PricePlan {
  readonly rates: RateSet;
  readonly priceId: string;
  readonly tier: string | null;
}

/** One entry ready for pricing, with its plans compiled on first use. */
export class CompiledEntry {
  readonly tiers: NonNullable<PriceEntry['tiers']>;
  private readonly plans: Array<PricePlan | undefined> = [];

  constructor(readonly entry: PriceEntry) {
    this.tiers = [...(entry.tiers ?? [])].sort(
      (a, b) => b.promptTokensAbove - a.promptTokensAbove,
    );
  }

  /** The plan for a prompt size, batch or not, Bedrock regional or not. */
  plan(promptTokens: number, batch: boolean, regional: boolean): PricePlan {
    const tierIndex = this.tiers.findIndex(
      (tier) => promptTokens > tier.promptTokensAbove,
    );
    const premium =
      regional && this.entry.bedrockRegionalMultiplier !== undefined;
    const key = (tierIndex + 1) * 4 + (batch ? 2 : 0) + (premium ? 1 : 0);

    const cached = this.plans[key];
    if (cached) return cached;

    const plan = this.compile(tierIndex, batch, premium);
    this.plans[key] = plan;

    return plan;
  }

  private compile(
    tierIndex: number,
    batch: boolean,
    premium: boolean,
  ): PricePlan {
    const tier = this.tiers[tierIndex];
    const entry = this.entry;
    const multipliers = [
      ...(batch && entry.batchMultiplier ? [entry.batchMultiplier] : []),
      ...(premium && entry.bedrockRegionalMultiplier
        ? [entry.bedrockRegionalMultiplier]
        : []),
    ];
    const rates = compileRates(
      tier?.prices ?? entry.prices,
      entry.units,
      multipliers,
    );
    const priceId =
      entry.id +
      (tier ? `#${tier.name}` : '') +
      (premium ? '+bedrock-regional' : '');

    return { rates, priceId, tier: tier?.name ?? null };
  }
}
