const NANO_PER_USD = 1_000_000_000;
const ZERO = '0.000000000';
const PADDING = [
  '',
  '0',
  '00',
  '000',
  '0000',
  '00000',
  '000000',
  '0000000',
  '00000000',
];

/**
 * Formats a whole, non-negative nano-USD count below 2^53 as USD with 9
 * decimals, like `formatUsd` but without a bigint round trip (this runs
 * six times per priced call).
 */
export function formatNano(nano: number): string {
  if (nano === 0) return ZERO;
  if (nano < NANO_PER_USD) return `0.${pad(String(nano))}`;

  let whole = Math.floor(nano / NANO_PER_USD);
  let fraction = nano - whole * NANO_PER_USD;
  if (fraction < 0) {
    whole -= 1;
    fraction += NANO_PER_USD;
  }

  return `${whole}.${pad(String(fraction))}`;
}

function pad(digits: string): string {
  return (PADDING[9 - digits.length] ?? '') + digits;
}
