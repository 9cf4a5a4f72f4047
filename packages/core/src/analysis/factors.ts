import { parseUsd } from '../money.js';
import {
  add,
  div,
  isZero,
  mul,
  type Rational,
  ratio,
  sum,
  ZERO,
} from './rational.js';
import type { TimeWindow, WindowAggregate } from './types.js';

const DAY_MS = 86_400_000n;

/** The prompt classes the cache mix is made of. */
export const PROMPT_CLASSES = [
  'input',
  'cacheRead',
  'cacheWrite',
  'cacheWrite1h',
] as const;

type PromptClass = (typeof PROMPT_CLASSES)[number];

/**
 * The price of a 1-hour cache write relative to a 5-minute one (Anthropic:
 * 2x vs 1.25x input, https://platform.claude.com/docs/en/about-claude/pricing).
 * Stored costs merge both TTLs into `cost.cacheWrite`; this weight splits
 * them so that a move between TTLs counts as cache mix, not price. It never
 * changes a total, only where that move is reported.
 */
const ONE_HOUR_WRITE_WEIGHT = ratio(8, 5);

/**
 * One group's cost per day in one window, as the product form
 * `V * (P * sum(s_k * p_k) + O * p_out + N * p_unit + u)`: calls per day,
 * prompt tokens per call, the share and price of each prompt class, output
 * tokens per call and their price, pages per call and their price, and the
 * per-call charge left (units of a window without pages, such as images or
 * per-request fees, and cost stranded on a class without tokens).
 */
export interface Factors {
  volume: Rational;
  promptSize: Rational;
  cacheMix: Record<PromptClass, Rational>;
  outputSize: Rational;
  /** Pages per call (OCR), `N`. */
  unitSize: Rational;
  price: {
    prompt: Record<PromptClass, Rational>;
    output: Rational;
    /** Unit cost per page, `p_unit`: `cost.units / pages`. */
    perUnit: Rational;
    perCall: Rational;
  };
}

/** Raw sums of one group in one window, before they become factors. */
export interface GroupTotals {
  calls: bigint;
  tokens: Record<PromptClass | 'output', bigint>;
  /** Pages processed (OCR), the units `cost.units` is priced on when any. */
  pages: bigint;
  /** `cacheWrite` is both TTLs, as stored. */
  costNano: Record<
    'input' | 'cacheRead' | 'cacheWrite' | 'output' | 'units',
    bigint
  >;
}

/** Empty totals, the side of a group that had no calls. */
export function emptyTotals(): GroupTotals {
  return {
    calls: 0n,
    tokens: {
      input: 0n,
      cacheRead: 0n,
      cacheWrite: 0n,
      cacheWrite1h: 0n,
      output: 0n,
    },
    pages: 0n,
    costNano: {
      input: 0n,
      cacheRead: 0n,
      cacheWrite: 0n,
      output: 0n,
      units: 0n,
    },
  };
}

/** Adds an aggregate row to totals, in place. */
export function addAggregate(totals: GroupTotals, row: WindowAggregate): void {
  totals.calls += BigInt(row.calls);
  totals.tokens.input += BigInt(row.inputTokens);
  totals.tokens.cacheRead += BigInt(row.cacheReadTokens);
  totals.tokens.cacheWrite += BigInt(row.cacheWriteTokens);
  totals.tokens.cacheWrite1h += BigInt(row.cacheWrite1hTokens);
  totals.tokens.output += BigInt(row.outputTokens);
  totals.pages += BigInt(row.pages ?? 0);

  totals.costNano.input += parseUsd(row.cost.input);
  totals.costNano.cacheRead += parseUsd(row.cost.cacheRead);
  totals.costNano.cacheWrite += parseUsd(row.cost.cacheWrite);
  totals.costNano.output += parseUsd(row.cost.output);
  totals.costNano.units += parseUsd(row.cost.units);
}

/** Every prompt token of the totals. */
export function promptTokenCount(totals: GroupTotals): bigint {
  const { input, cacheRead, cacheWrite, cacheWrite1h } = totals.tokens;

  return input + cacheRead + cacheWrite + cacheWrite1h;
}

/** Total cost per day of the totals in the window, exact. */
export function costPerDay(totals: GroupTotals, window: TimeWindow): Rational {
  const nano = Object.values(totals.costNano).reduce((a, b) => a + b, 0n);

  return perDay(nano, window);
}

/** `amount` over the window, per day. */
export function perDay(amount: bigint, window: TimeWindow): Rational {
  return ratio(amount * DAY_MS, windowMs(window));
}

/**
 * The factors of both windows of a group. Where one side has nothing to
 * measure a factor on (no calls, no prompt tokens, no tokens of a class),
 * it borrows the other side's value, so that factor cannot move the cost:
 * a group that is new in the after window is all volume.
 */
export function pairFactors(
  before: GroupTotals,
  after: GroupTotals,
  windows: { before: TimeWindow; after: TimeWindow },
): { before: Factors; after: Factors } {
  const b = measure(before, windows.before);
  const a = measure(after, windows.after);

  return { before: fill(b, a), after: fill(a, b) };
}

interface Measured {
  volume: Rational;
  promptSize: Rational | null;
  cacheMix: Record<PromptClass, Rational> | null;
  outputSize: Rational | null;
  unitSize: Rational | null;
  prompt: Record<PromptClass, Rational | null>;
  output: Rational | null;
  perUnit: Rational | null;
  perCall: Rational | null;
}

function measure(totals: GroupTotals, window: TimeWindow): Measured {
  const { calls, tokens, pages, costNano } = totals;
  const prompt = promptTokenCount(totals);
  const stranded = strandedCost(totals);
  // units are priced per page when there are pages; else (images,
  // per-request fees) they stay a per-call charge
  const perCallNano = pages === 0n ? costNano.units + stranded : stranded;
  const price = (cost: bigint, count: bigint) =>
    count === 0n ? null : ratio(cost, count);

  return {
    volume: perDay(calls, window),
    promptSize: calls === 0n ? null : ratio(prompt, calls),
    cacheMix:
      prompt === 0n
        ? null
        : {
            input: ratio(tokens.input, prompt),
            cacheRead: ratio(tokens.cacheRead, prompt),
            cacheWrite: ratio(tokens.cacheWrite, prompt),
            cacheWrite1h: ratio(tokens.cacheWrite1h, prompt),
          },
    outputSize: calls === 0n ? null : ratio(tokens.output, calls),
    unitSize: calls === 0n ? null : ratio(pages, calls),
    prompt: {
      input: price(costNano.input, tokens.input),
      cacheRead: price(costNano.cacheRead, tokens.cacheRead),
      ...writePrices(totals),
    },
    output: price(costNano.output, tokens.output),
    perUnit: price(costNano.units, pages),
    perCall: calls === 0n ? null : ratio(perCallNano, calls),
  };
}

/** Price per 5-minute and per 1-hour write token, from their merged cost. */
function writePrices(
  totals: GroupTotals,
): Record<'cacheWrite' | 'cacheWrite1h', Rational | null> {
  const { cacheWrite, cacheWrite1h } = totals.tokens;
  const units = add(
    ratio(cacheWrite),
    mul(ratio(cacheWrite1h), ONE_HOUR_WRITE_WEIGHT),
  );
  if (isZero(units)) return { cacheWrite: null, cacheWrite1h: null };

  const perUnit = div(ratio(totals.costNano.cacheWrite), units);
  return {
    cacheWrite: cacheWrite === 0n ? null : perUnit,
    cacheWrite1h:
      cacheWrite1h === 0n ? null : mul(perUnit, ONE_HOUR_WRITE_WEIGHT),
  };
}

/** Cost of a class without tokens (never expected): kept as a per-call charge. */
function strandedCost(totals: GroupTotals): bigint {
  const { tokens, costNano } = totals;
  const written = tokens.cacheWrite + tokens.cacheWrite1h;
  let stranded = written === 0n ? costNano.cacheWrite : 0n;
  for (const key of ['input', 'cacheRead', 'output'] as const) {
    if (tokens[key] === 0n) stranded += costNano[key];
  }

  return stranded;
}

function fill(own: Measured, other: Measured): Factors {
  const pick = (a: Rational | null, b: Rational | null) => a ?? b ?? ZERO;
  const mix = own.cacheMix ?? other.cacheMix;

  return {
    volume: own.volume,
    promptSize: pick(own.promptSize, other.promptSize),
    cacheMix: mix ?? {
      input: ZERO,
      cacheRead: ZERO,
      cacheWrite: ZERO,
      cacheWrite1h: ZERO,
    },
    outputSize: pick(own.outputSize, other.outputSize),
    unitSize: pick(own.unitSize, other.unitSize),
    price: {
      prompt: {
        input: pick(own.prompt.input, other.prompt.input),
        cacheRead: pick(own.prompt.cacheRead, other.prompt.cacheRead),
        cacheWrite: pick(own.prompt.cacheWrite, other.prompt.cacheWrite),
        cacheWrite1h: pick(own.prompt.cacheWrite1h, other.prompt.cacheWrite1h),
      },
      output: pick(own.output, other.output),
      perUnit: pick(own.perUnit, other.perUnit),
      perCall: pick(own.perCall, other.perCall),
    },
  };
}

/** `V * (P * sum(s_k * p_k) + O * p_out + N * p_unit + u)`, exact. */
export function evaluate(factors: Factors): Rational {
  const { volume } = factors;

  return isZero(volume) ? ZERO : mul(volume, costPerCall(factors));
}

/**
 * `P * sum(s_k * p_k) + O * p_out + N * p_unit + u`, exact: what one call costs at
 * these factors (all but volume). Cost per day is volume times this.
 *
 * @example
 * ```ts
 * costPerCall(pairFactors(before, after, windows).before); // e.g. 7,200,000 nano
 * ```
 */
export function costPerCall(factors: Omit<Factors, 'volume'>): Rational {
  const { promptSize, cacheMix, outputSize, unitSize, price } = factors;
  const blended = sum(
    PROMPT_CLASSES.map((key) => mul(cacheMix[key], price.prompt[key])),
  );

  return sum([
    mul(promptSize, blended),
    mul(outputSize, price.output),
    mul(unitSize, price.perUnit),
    price.perCall,
  ]);
}

function windowMs(window: TimeWindow): bigint {
  return BigInt(window.to.getTime() - window.from.getTime());
}

/** `part / whole`, or null when whole is zero. */
export function share(part: bigint, whole: bigint): Rational | null {
  return whole === 0n ? null : div(ratio(part), ratio(whole));
}
