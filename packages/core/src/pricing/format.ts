const NANO_PER_USD = 1_000_000_000;
const ZERO = '0.000000000';

/**
 * Formats a whole, non-negative nano-USD count below 2^53 as USD with 9
 * decimals, like `formatUsd` but without a bigint round trip.
 */
export function formatNano(nano: number): string {
  if (nano === 0) return ZERO;

  let whole = Math.floor(nano / NANO_PER_USD);
  let fraction = nano - whole * NANO_PER_USD;
  if (fraction < 0) {
    whole -= 1;
    fraction += NANO_PER_USD;
  }

  return `${whole}.${String(fraction).padStart(9, '0')}`;
}
