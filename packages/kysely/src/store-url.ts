import { TokenledgerError } from '@tokenledger/core';

/**
 * Where a store lives, parsed from a URL.
 *
 * @example
 * ```ts
 * const location: StoreLocation = { dialect: 'sqlite', filename: ':memory:' };
 * ```
 */
export type StoreLocation =
  | { dialect: 'sqlite'; filename: string }
  | { dialect: 'mysql'; uri: string };

/**
 * Parses a store URL: `sqlite:./tokenledger.db`, `sqlite::memory:` or
 * `mysql://user:password@host:3306/database` (`mariadb://` too).
 *
 * @example
 * ```ts
 * parseStoreUrl('sqlite:./tokenledger.db'); // { dialect: 'sqlite', filename: './tokenledger.db' }
 * ```
 */
export function parseStoreUrl(url: string): StoreLocation {
  if (typeof url !== 'string') {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `A store URL must be a string such as sqlite:./tokenledger.db or mysql://user:password@host:3306/database, got ${url === null ? 'null' : typeof url}.`,
    );
  }

  const trimmed = url.trim();

  if (trimmed.startsWith('sqlite:')) {
    const filename = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (filename)
      return { dialect: 'sqlite', filename: checkPath(filename, url) };
  }

  if (/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(trimmed)) {
    return { dialect: 'mysql', uri: trimmed.replace(/^mariadb:/, 'mysql:') };
  }

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    `Cannot open a store at ${JSON.stringify(redact(url))}. Use sqlite:./tokenledger.db, sqlite::memory: or mysql://user:password@host:3306/database.`,
  );
}

/**
 * Refuses what better-sqlite3 would take as a plain file name though it
 * means something else: a SQLite URI filename (`file::memory:` would become
 * a file of that name in the working directory), a query string
 * (`?mode=ro`) and a home directory (`~`, which only a shell expands).
 */
function checkPath(filename: string, url: string): string {
  const problem = /^file:/i.test(filename)
    ? 'SQLite URI filenames (file:...) are not supported'
    : filename.includes('?')
      ? 'a SQLite store URL takes no query string (to open it read-only, pass { readOnly: true } to openStore)'
      : filename.startsWith('~')
        ? '~ is not expanded here, as only a shell expands it'
        : undefined;
  if (problem === undefined) return filename;

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    `Cannot open a store at ${JSON.stringify(url)}: ${problem}. Give a path, sqlite:./tokenledger.db or sqlite:/var/lib/app/tokenledger.db, or sqlite::memory: for a database in memory.`,
  );
}

/** The URL with its password masked, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
