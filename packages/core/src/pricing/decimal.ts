/** A non-negative decimal as `digits / 10^scale`, exactly. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

/** Parses `'0.0625'` into `{ digits: 625n, scale: 4 }`; null if malformed. */
export function parseDecimal(value: string): Decimal | null {
  const match = DECIMAL_PATTERN.exec(value);
  if (!match) return null;

  const [, whole = '0', fraction = ''] = match;

  return { digits: BigInt(whole + fraction), scale: fraction.length };
}

/**
 * Writes a finite non-negative number in plain decimal notation, from its
 * shortest round-trip form, so `3e-6` becomes `'0.000003'` with no binary
 * noise.
 */
export function numberToDecimal(value: number): string {
  const [mantissa = '0', exponentText] = String(value).split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole = '0', fraction = ''] = mantissa.split('.');

  return shiftDecimalPoint(whole + fraction, whole.length + exponent);
}

/** Multiplies a plain decimal string by 10^places (places may be < 0). */
export function shiftDecimal(value: string, places: number): string {
  const [whole = '0', fraction = ''] = value.split('.');

  return shiftDecimalPoint(whole + fraction, whole.length + places);
}

function shiftDecimalPoint(digits: string, pointAt: number): string {
  const padded =
    pointAt <= 0
      ? '0'.repeat(1 - pointAt) + digits
      : digits.padEnd(pointAt, '0');
  const point = Math.max(pointAt, 1);
  const whole = padded.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(point).replace(/0+$/, '');

  return fraction ? `${whole}.${fraction}` : whole;
}
