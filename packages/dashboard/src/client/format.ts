const WHOLE = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const SMALL = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumSignificantDigits: 3,
});
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** A USD amount for reading: cents from $1, three significant digits below. */
export function usd(value: string | null): string {
  if (value === null) return '—';

  const amount = Number(value);
  if (amount === 0) return '$0.00';

  return Math.abs(amount) >= 1 ? WHOLE.format(amount) : SMALL.format(amount);
}

/** A signed USD change. */
export function usdDelta(value: string): string {
  return value.startsWith('-') ? `−${usd(value.slice(1))}` : `+${usd(value)}`;
}

/** A count with thousands separators. */
export function count(value: number | null): string {
  return value === null ? '—' : COUNT.format(value);
}

/** A 0..1 share as a percent. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** An ISO instant, shortened for tables (UTC). */
export function instant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
