import { TokenledgerError } from '@tokenledger/core';
import type { CostOutputs } from './cost-summary.js';
import type { TokenledgerMiddlewareOptions } from './middleware.js';

/**
 * The default name of the cost header.
 *
 * @example
 * ```ts
 * const cost = response.headers.get(COST_HEADER); // '0.006000000; calls=1'
 * ```
 */
export const COST_HEADER = 'X-Tokenledger-Cost';

/**
 * The default `res.locals` key of the cost summary.
 *
 * @example
 * ```ts
 * const cost = res.locals[COST_LOCALS_KEY] as RequestCost;
 * ```
 */
export const COST_LOCALS_KEY = 'tokenledgerCost';

/**
 * Checks the options once, when the middleware is created, so that a wrong
 * setup fails at startup with the right call instead of at request time.
 */
export function checkOptions(
  options: TokenledgerMiddlewareOptions,
): CostOutputs {
  if (typeof options?.tracker?.record !== 'function') {
    throw invalid(
      `tokenledger() needs the tracker the app records with, e.g. app.use(tokenledger({ tracker: createTracker({ store }) })); got tracker: ${describe(options?.tracker)}.`,
    );
  }

  for (const name of ['user', 'endpoint', 'tags', 'onError'] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'function') {
      throw invalid(
        `tokenledger({ ${name} }) must be a function of the request, e.g. ${name}: (req) => ...; got ${describe(value)}.`,
      );
    }
  }

  return {
    header: outputName(options.costHeader, COST_HEADER, 'costHeader'),
    localsKey: outputName(options.costLocals, COST_LOCALS_KEY, 'costLocals'),
  };
}

function outputName(
  value: boolean | string | undefined,
  fallback: string,
  option: string,
): string | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return fallback;
  if (typeof value === 'string' && value.trim() !== '') return value;

  throw invalid(
    `tokenledger({ ${option} }) must be true, false or a non-empty name, e.g. ${option}: true; got ${describe(value)}.`,
  );
}

function invalid(message: string): TokenledgerError {
  return new TokenledgerError('INVALID_OPTIONS', message);
}

function describe(value: unknown): string {
  return typeof value === 'function'
    ? 'a function'
    : (JSON.stringify(value) ?? String(value));
}
