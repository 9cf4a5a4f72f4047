import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createKyselyStore, openStore } from '../src/index.js';
import { makeEvent } from './support/events.js';
import { describeEachDialect } from './support/harness.js';

const ALL_MIGRATIONS = [
  '2026_12_03_001_events_and_rollups',
  '2026_12_04_002_daily_user_rollup',
  '2026_12_04_003_user_cost_index',
  '2026_12_04_004_daily_user_index',
];

describeEachDialect('migrate', (harness) => {
  it('should create the schema once and then do nothing', async () => {
    const { store } = await harness.open({ migrate: false });

    const first = await store.migrate();
    const second = await store.migrate();

    expect(first).toEqual(ALL_MIGRATIONS);
    expect(second).toEqual(ALL_MIGRATIONS);
    expect(await store.insertEvents([makeEvent({ id: 'a' })])).toEqual({
      inserted: 1,
      duplicates: 0,
    });
  });

  it('should find nothing to apply from a second store on the same schema', async () => {
    const url = await harness.url();
    const first = await openStore(url);
    const second = await openStore(url);

    const applied = [await first.migrate(), await second.migrate()];
    await Promise.all([first.close(), second.close()]);

    expect(applied).toEqual([ALL_MIGRATIONS, []]);
  });

  it('should refuse a schema migrated by a newer version', async () => {
    const { db } = await harness.open();
    await db
      .insertInto('tokenledger_migration')
      .values({
        name: '2099_01_01_001_future',
        timestamp: '2099-01-01T00:00:00.000Z',
      })
      .execute();
    const upgraded = await createKyselyStore({ db });

    const failure = upgraded.migrate();

    await expect(failure).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    await expect(failure).rejects.toThrow(
      'The database schema is newer than this @tokenledger/kysely: it has migration 2099_01_01_001_future, which this version does not know. Upgrade @tokenledger/kysely to the version that migrated it, or point the store at another database.',
    );
  });

  it('should say to migrate when the tables are missing', async () => {
    const { store } = await harness.open({ migrate: false });

    const failure = store.insertEvents([makeEvent()]);

    await expect(failure).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    await expect(failure).rejects.toThrow(
      'The tables are missing: run await store.migrate() first.',
    );
  });
});

describeEachDialect('openStore', (harness) => {
  it('should open, write, read and close a store from its URL', async () => {
    const store = await openStore(await harness.url());
    await store.migrate();

    await store.insertEvents([makeEvent({ id: 'a' })]);
    const [totals] = await store.query({});
    await store.close();

    expect(totals?.costUsd).toBe('0.004100000');
    await expect(store.query({})).rejects.toMatchObject({ code: 'SHUT_DOWN' });
    await expect(store.close()).resolves.toBeUndefined();
  });
});

describe('openStore', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('when given a SQLite file', () => {
    it('should keep the events across reopening', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));
      const url = `sqlite:${join(dir, 'usage.db')}`;
      const first = await openStore(url);
      await first.migrate();
      await first.insertEvents([makeEvent({ id: 'kept' })]);
      await first.close();

      const second = await openStore(url);
      const page = await second.events({ limit: 1 });
      await second.close();

      expect(page.events.map((e) => e.id)).toEqual(['kept']);
    });

    it('should read but not write it when opened read-only', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));
      const url = `sqlite:${join(dir, 'usage.db')}`;
      const writer = await openStore(url);
      await writer.migrate();
      await writer.insertEvents([makeEvent({ id: 'kept' })]);
      await writer.close();

      const reader = await openStore(url, { readOnly: true });
      const page = await reader.events({ limit: 1 });
      const insert = reader.insertEvents([makeEvent({ id: 'new' })]);

      await expect(insert).rejects.toThrow(
        'attempt to write a readonly database',
      );
      await reader.close();
      expect(page.events.map((e) => e.id)).toEqual(['kept']);
    });

    it('should not create a missing file when opened read-only', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));
      const file = join(dir, 'missing.db');

      const failure = openStore(`sqlite:${file}`, { readOnly: true });

      await expect(failure).rejects.toThrow(
        `Cannot open the SQLite database ${JSON.stringify(file)}: unable to open database file. Check that the file exists and is readable.`,
      );
    });
  });

  describe('when the location is wrong', () => {
    it('should reject a malformed URL', async () => {
      await expect(openStore('ledger.db')).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        message:
          'Cannot open a store at "ledger.db". Use sqlite:./tokenledger.db, sqlite::memory: or mysql://user:password@host:3306/database.',
      });
    });

    it('should name an unreachable server without its password', async () => {
      const failure = openStore('mysql://tl:secret@127.0.0.1:1/ledger', {
        connectTimeoutMs: 2000,
      });

      await expect(failure).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
      await expect(failure).rejects.toThrow(
        'Cannot reach the store at mysql://tl:***@127.0.0.1:1/ledger (ECONNREFUSED). Check that the server is running and the host, port, user, password and database in the URL are right.',
      );
    });

    it('should name a file that is not a SQLite database, and leave it as it was', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));
      const file = join(dir, 'notes.txt');
      const text = 'not a database, but long enough to hold a header\n'.repeat(
        4,
      );
      writeFileSync(file, text);

      const problem = `Cannot use ${JSON.stringify(file)} as a SQLite store: file is not a database. Give the path of a tokenledger database`;
      await expect(openStore(`sqlite:${file}`)).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        message: `${problem}, or a path where none exists yet to create one.`,
      });
      // read-only creates nothing, so it does not offer to
      await expect(
        openStore(`sqlite:${file}`, { readOnly: true }),
      ).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        message: `${problem}.`,
      });
      expect(readFileSync(file, 'utf8')).toBe(text);
    });

    it('should refuse a SQLite URI filename rather than create a file named after it', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        await expect(openStore('sqlite:file::memory:')).rejects.toThrow(
          'Cannot open a store at "sqlite:file::memory:": SQLite URI filenames (file:...) are not supported. Give a path, sqlite:./tokenledger.db or sqlite:/var/lib/app/tokenledger.db, or sqlite::memory: for a database in memory.',
        );
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        process.chdir(cwd);
      }
    });

    it('should say so when the path is a directory', async () => {
      dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));

      await expect(openStore(`sqlite:${dir}`)).rejects.toThrow(
        `. It is a directory: give a file in it, such as ${JSON.stringify(join(dir, 'tokenledger.db'))}.`,
      );
      await expect(
        openStore('sqlite::memory:', { readOnly: true }),
      ).rejects.toThrow(
        'A database in memory cannot be opened read-only: open it writable.',
      );
    });

    it('should name a SQLite file that cannot be created', async () => {
      const failure = openStore('sqlite:/nonexistent-tokenledger-dir/usage.db');

      await expect(failure).rejects.toThrow(
        'Cannot open the SQLite database "/nonexistent-tokenledger-dir/usage.db": Cannot open database because the directory does not exist. Check that its directory exists and is writable.',
      );
    });
  });
});

describe('createKyselyStore', () => {
  it('should refuse a dialect it does not support', async () => {
    const db = new Kysely({
      dialect: new PostgresDialect({ pool: {} as never }),
    });

    await expect(createKyselyStore({ db })).rejects.toThrow(
      "@tokenledger/kysely supports SQLite and MySQL/MariaDB, not a Kysely instance with PostgresAdapter. Create it with SqliteDialect or MysqlDialect, or use openStore('sqlite:./tokenledger.db').",
    );
  });

  it('should refuse options without a Kysely instance', async () => {
    await expect(createKyselyStore({} as never)).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});
