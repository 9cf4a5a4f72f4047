import { divRoundHalfEven, parseUsd } from '../money.js';

/**
 * A USD amount for a sentence: cents from $1 up (`$1,234.50`), four
 * decimals below (`$0.0042`), with a sign when `signed`.
 *
 * @example
 * ```ts
 * usdPhrase('312.404000000', true); // '+$312.40'
 * ```
 */
export function usdPhrase(usd: string, signed = false): string {
  const nano = parseUsd(usd);
  const abs = nano < 0n ? -nano : nano;
  const sign = nano < 0n ? '-' : signed ? '+' : '';
  const decimals = abs >= 1_000_000_000n ? 2 : 4;
  const units = divRoundHalfEven(abs, 10n ** BigInt(9 - decimals));
  const text = units.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, -decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

  return `${sign}$${whole}.${text.slice(-decimals)}`;
}

/** A share 0..1 as a whole percentage, e.g. `81%`. */
export function percentPhrase(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A count with thousands separators and at most one decimal. */
export function countPhrase(value: number): string {
  return (Math.round(value * 10) / 10).toLocaleString('en-US');
}
