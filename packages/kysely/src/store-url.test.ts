import { TokenledgerError } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from './store-url.js';

describe('parseStoreUrl', () => {
  it('should read SQLite files and memory databases', () => {
    expect(parseStoreUrl('sqlite:./tokenledger.db')).toEqual({
      dialect: 'sqlite',
      filename: './tokenledger.db',
    });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({
      dialect: 'sqlite',
      filename: ':memory:',
    });
  });

  it('should read MySQL and MariaDB URLs', () => {
    expect(parseStoreUrl('mariadb://app:pw@127.0.0.1:3306/ledger')).toEqual({
      dialect: 'mysql',
      uri: 'mysql://app:pw@127.0.0.1:3306/ledger',
    });
  });

  it('should reject other URLs without echoing the password', () => {
    expect(() => parseStoreUrl('postgres://app:secret@db/x')).toThrow(
      'Cannot open a store at "postgres://app:***@db/x". Use sqlite:./tokenledger.db, sqlite::memory: or mysql://user:password@host:3306/database.',
    );
  });

  // better-sqlite3 would create a file named after each of these
  it('should refuse SQLite paths that mean more than a file name', () => {
    const advice =
      'Give a path, sqlite:./tokenledger.db or sqlite:/var/lib/app/tokenledger.db, or sqlite::memory: for a database in memory.';

    expect(() => parseStoreUrl('sqlite:FILE:usage.db')).toThrow(
      `Cannot open a store at "sqlite:FILE:usage.db": SQLite URI filenames (file:...) are not supported. ${advice}`,
    );
    expect(() => parseStoreUrl('sqlite:./usage.db?mode=ro')).toThrow(
      `Cannot open a store at "sqlite:./usage.db?mode=ro": a SQLite store URL takes no query string (to open it read-only, pass { readOnly: true } to openStore). ${advice}`,
    );
    expect(() => parseStoreUrl('sqlite:~/usage.db')).toThrow(
      `Cannot open a store at "sqlite:~/usage.db": ~ is not expanded here, as only a shell expands it. ${advice}`,
    );
  });

  it('should name a URL that is not a string', () => {
    const error = () => parseStoreUrl(undefined as never);

    expect(error).toThrow(TokenledgerError);
    expect(error).toThrow(
      'A store URL must be a string such as sqlite:./tokenledger.db or mysql://user:password@host:3306/database, got undefined.',
    );
    expect(() => parseStoreUrl({ url: 'sqlite::memory:' } as never)).toThrow(
      'A store URL must be a string such as sqlite:./tokenledger.db or mysql://user:password@host:3306/database, got object.',
    );
  });
});
