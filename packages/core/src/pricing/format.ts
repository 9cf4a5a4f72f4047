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

  // whole and below 2^53: % is exact, and so is dividing a multiple of 1e9
  const fraction = nano % NANO_PER_USD;
  const whole = (nano - fraction) / NANO_PER_USD;

  return `${whole}.${pad(String(fraction))}`;
}

function pad(digits: string): string {
  return (PADDING[9 - digits.length] ?? '') + digits;
}
