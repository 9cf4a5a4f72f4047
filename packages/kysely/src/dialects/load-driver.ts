import { TokenledgerError } from '@tokenledger/core';

/**
 * Loads an optional peer driver, with an error that says what to install
 * when it is missing.
 */
export async function loadDriver<T>(
  name: string,
  load: () => Promise<unknown>,
): Promise<T> {
  try {
    const module = (await load()) as { default?: T } & T;

    return module.default ?? module;
  } catch (error) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `The ${name} driver is not installed. Add it next to @tokenledger/kysely: npm install ${name}`,
      { cause: error },
    );
  }
}
