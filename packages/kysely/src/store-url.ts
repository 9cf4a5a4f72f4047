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
    if (filename.startsWith('file:')) throw sqliteUriFilename(url);
    if (filename) return { dialect: 'sqlite', filename };
  }

  if (/^(mysql|mariadb):\/\/[^/]+\/[^/?]+/.test(trimmed)) {
    return { dialect: 'mysql', uri: trimmed.replace(/^mariadb:/, 'mysql:') };
  }

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    `Cannot open a store at ${JSON.stringify(redact(url))}. Use sqlite:./tokenledger.db, sqlite::memory: or mysql://user:password@host:3306/database.`,
  );
}

// better-sqlite3 opens no SQLite URI filename: `file::memory:` would
// become a file of that name in the working directory.
function sqliteUriFilename(url: string): TokenledgerError {
  return new TokenledgerError(
    'INVALID_OPTIONS',
    `Cannot open a store at ${JSON.stringify(url)}: SQLite URI filenames (file:...) are not supported. Give a path, sqlite:./tokenledger.db, or sqlite::memory: for a database in memory.`,
  );
}

/** The URL with its password masked, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
