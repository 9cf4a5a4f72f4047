import { onCommonDenominator, type Rational, ratio } from './rational.js';

/**
 * The Shapley values of `players` players of a cost function: `value(mask)`
 * is the cost with the players whose bit is set in `mask` at their after
 * level and the others at their before level. Each player gets its marginal
 * effect averaged over every order the players could change in, so the
 * values always add up to `value(all) - value(none)`, exactly.
 *
 * @example
 * ```ts
 * // cost = volume * price; volume 10 -> 20, price 1 -> 3
 * const cost = (mask: number) => ratio((mask & 1 ? 20 : 10) * (mask & 2 ? 3 : 1));
 * shapley(2, cost); // volume 20, price 30: together the change of 50
 * ```
 */
export function shapley(
  players: number,
  value: (mask: number) => Rational,
): Rational[] {
  const values = coalitionValues(players, value);

  return Array.from({ length: players }, (_, player) =>
    marginal(values, players, player),
  );
}

/**
 * The Shapley value of one player alone, as {@link shapley} gives it.
 *
 * @example
 * ```ts
 * shapleyValue(2, 0, cost); // volume 20 (the example of shapley)
 * ```
 */
export function shapleyValue(
  players: number,
  player: number,
  value: (mask: number) => Rational,
): Rational {
  return marginal(coalitionValues(players, value), players, player);
}

/** Every coalition's value, as integers over one shared denominator. */
function coalitionValues(
  players: number,
  value: (mask: number) => Rational,
): { nums: bigint[]; den: bigint } {
  return onCommonDenominator(
    Array.from({ length: 1 << players }, (_, mask) => value(mask)),
  );
}

/**
 * A player's weighted marginal effects. A coalition of `s` other players
 * weighs `s! (n - s - 1)! / n!`: the numerators are summed as integers
 * over the shared denominator times `n!`, and the result is reduced once.
 */
function marginal(
  values: { nums: bigint[]; den: bigint },
  players: number,
  player: number,
): Rational {
  const bit = 1 << player;
  const weights = shapleyWeights(players);
  let total = 0n;

  for (let mask = 0; mask < values.nums.length; mask += 1) {
    if (mask & bit) continue;

    const gain =
      (values.nums[mask | bit] as bigint) - (values.nums[mask] as bigint);
    total += (weights[popCount(mask)] as bigint) * gain;
  }

  return ratio(total, factorial(players) * values.den);
}

/** `s! (n - s - 1)!` for a coalition of `s` other players (over `n!`). */
function shapleyWeights(players: number): bigint[] {
  return Array.from(
    { length: players },
    (_, size) => factorial(size) * factorial(players - size - 1),
  );
}

function factorial(k: number): bigint {
  return k <= 1 ? 1n : BigInt(k) * factorial(k - 1);
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest > 0; rest >>= 1) count += rest & 1;

  return count;
}
