import { add, mul, type Rational, ratio, sub, ZERO } from './rational.js';

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
  const values = Array.from({ length: 1 << players }, (_, mask) => value(mask));

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
  const values = Array.from({ length: 1 << players }, (_, mask) => value(mask));

  return marginal(values, players, player);
}

/**
 * A player's marginal effects, summed per coalition size first so that
 * each size's weight multiplies once.
 */
function marginal(
  values: readonly Rational[],
  players: number,
  player: number,
): Rational {
  const bit = 1 << player;
  const bySize: Rational[] = Array.from({ length: players }, () => ZERO);

  for (let mask = 0; mask < values.length; mask += 1) {
    if (mask & bit) continue;

    const gain = sub(values[mask | bit] ?? ZERO, values[mask] ?? ZERO);
    const size = popCount(mask);
    bySize[size] = add(bySize[size] ?? ZERO, gain);
  }

  const weights = shapleyWeights(players);
  return bySize.reduce(
    (total, gains, size) => add(total, mul(weights[size] ?? ZERO, gains)),
    ZERO,
  );
}

/** `s! (n - s - 1)! / n!` for a coalition of `s` other players. */
function shapleyWeights(players: number): Rational[] {
  const factorial = (k: number): bigint =>
    k <= 1 ? 1n : BigInt(k) * factorial(k - 1);

  return Array.from({ length: players }, (_, size) =>
    ratio(factorial(size) * factorial(players - size - 1), factorial(players)),
  );
}

function popCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest > 0; rest >>= 1) count += rest & 1;

  return count;
}
