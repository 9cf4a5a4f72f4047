import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { createConnection } from 'mysql2/promise';
import { afterAll, afterEach, describe } from 'vitest';
import { mysqlUrl } from '../../../../tools/testing/services.js';
import { detectDialect } from '../../src/dialects/detect.js';
import { openMysql } from '../../src/dialects/mysql/open.js';
import { openSqlite } from '../../src/dialects/sqlite/open.js';
import type { DialectName, StoreDialect } from '../../src/dialects/types.js';
import { createKyselyStore, type KyselyUsageStore } from '../../src/store.js';

/** A migrated store on a fresh database, with its Kysely instance. */
export interface TestStore {
  store: KyselyUsageStore;
  // biome-ignore lint/suspicious/noExplicitAny: tests read our tables by name
  db: Kysely<any>;
  dialect: StoreDialect;
}

/** Opens fresh stores for one dialect and drops them after each test. */
export class StoreHarness {
  readonly dialect: DialectName;
  readonly #baseUrl: string;
  #cleanups: (() => Promise<void>)[] = [];
  #suiteCleanups: (() => Promise<void>)[] = [];

  constructor(dialect: DialectName, baseUrl: string) {
    this.dialect = dialect;
    this.#baseUrl = baseUrl;
  }

  /**
   * A new, migrated store on an empty database, dropped after the test (or
   * after the suite, for a store opened in `beforeAll`).
   */
  async open(
    options: { migrate?: boolean; scope?: 'test' | 'suite' } = {},
  ): Promise<TestStore> {
    const suite = options.scope === 'suite';
    const db =
      this.dialect === 'sqlite'
        ? await openSqlite(':memory:')
        : await openMysql(await this.#createDatabase(suite));
    const store = await createKyselyStore({ db, destroyOnClose: true });
    (suite ? this.#suiteCleanups : this.#cleanups).push(() => store.close());
    if (options.migrate !== false) await store.migrate();

    return { store, db, dialect: detectDialect(db) };
  }

  /** The URL of a new empty database: a MySQL schema or a SQLite file. */
  async url(): Promise<string> {
    if (this.dialect === 'mysql') return this.#createDatabase();

    const dir = mkdtempSync(join(tmpdir(), 'tokenledger-kysely-'));
    this.#cleanups.push(async () =>
      rmSync(dir, { recursive: true, force: true }),
    );

    return `sqlite:${join(dir, 'usage.db')}`;
  }

  async cleanup(scope: 'test' | 'suite' = 'test'): Promise<void> {
    const cleanups = (
      scope === 'suite' ? this.#suiteCleanups : this.#cleanups
    ).reverse();
    if (scope === 'suite') this.#suiteCleanups = [];
    else this.#cleanups = [];

    for (const cleanup of cleanups) await cleanup();
  }

  async #createDatabase(suite = false): Promise<string> {
    const name = `tl_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await this.#admin(`create database ${name}`);
    (suite ? this.#suiteCleanups : this.#cleanups).push(() =>
      this.#admin(`drop database if exists ${name}`),
    );

    return this.#baseUrl.replace(/\/[^/]+$/, `/${name}`);
  }

  async #admin(statement: string) {
    const connection = await createConnection(this.#baseUrl);
    try {
      await connection.query(statement);
    } finally {
      await connection.end();
    }
  }
}

/**
 * Runs the same suite on SQLite and on MySQL/MariaDB. MySQL is skipped with
 * one line when no server is available, and fails under CI=true.
 */
export function describeEachDialect(
  title: string,
  suite: (harness: StoreHarness) => void,
): void {
  const targets: [DialectName, string | undefined][] = [
    ['sqlite', 'sqlite::memory:'],
    ['mysql', mysqlUrl()],
  ];

  for (const [dialect, url] of targets) {
    describe.skipIf(!url)(`${title} on ${dialect}`, () => {
      const harness = new StoreHarness(dialect, url ?? '');
      afterEach(() => harness.cleanup('test'));
      afterAll(() => harness.cleanup('suite'));

      suite(harness);
    });
  }
}
