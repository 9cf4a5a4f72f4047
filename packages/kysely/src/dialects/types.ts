import type { Expression, RawBuilder, SqlBool } from 'kysely';

/** Writes bound values into a statement's text, as a client-side driver does. */
export type InlineValues = (text: string, values: readonly unknown[]) => string;

/** The name of a supported SQL dialect. */
export type DialectName = 'sqlite' | 'mysql';

/**
 * What differs between SQLite and MySQL in the few statements the query
 * builder cannot express portably. Every method takes our own identifiers or
 * bound values, never user text to splice into SQL.
 */
export interface StoreDialect {
  readonly name: DialectName;
  /** Quotes one of the schema's own identifiers. */
  quote(identifier: string): string;
  /** Reads an exact integer expression back as text (no float on the way). */
  asText(expression: RawBuilder<unknown>): RawBuilder<string>;
  /** Binds nano-USD so the driver stores it exactly. */
  nanoParam(nano: bigint | null): unknown;
  /** What a multi-row rollup insert appends to add onto existing rows. */
  rollupUpsertClause(
    keyColumns: readonly string[],
    measures: readonly string[],
  ): string;
  /**
   * What a single-row event insert appends so that an id already stored is
   * skipped (the statement then changes no row), or `undefined` where the
   * writer inserts many rows per statement and checks the stored ids only
   * when that fails on a duplicate key (MySQL: a statement is a round trip,
   * and `INSERT IGNORE` would also turn other errors into warnings).
   */
  readonly skipStoredIdClause: string | undefined;
  /**
   * Whether the writer sends rollup rows in primary key order. On InnoDB
   * each row of an upsert then lands next to the previous one in the
   * clustered index (and concurrent writers lock rows in the same order);
   * on SQLite it measured no faster.
   */
  readonly sortsRollupRows: boolean;
  /**
   * Rows per rollup upsert statement. SQLite keeps a prepared statement per
   * text, so it uses few sizes; on MySQL each statement is a round trip, so
   * a batch of up to 500 events makes one statement per rollup (a bigger
   * batch, one per 500 rollup rows).
   */
  readonly rollupChunkRows: number;
  /**
   * Resolves to what writes a statement's values into its text as the
   * driver does before sending it (mysql2's `format`, which its `query`
   * applies to strings, numbers and nulls, all a rollup row holds, the same
   * whatever the pool's settings), or to `undefined` where the driver binds
   * values itself or mysql2 is not installed. With it, the writer formats the rollup upserts
   * while the server is still inserting the events.
   */
  valueInliner(): Promise<InlineValues | undefined>;
  /** Whether a failed insert hit a primary key already stored. */
  isDuplicateKeyError(error: unknown): boolean;
  /** A condition: the event's tag `key` has one of `values`. */
  tagMatches(key: string, values: readonly string[]): Expression<SqlBool>;
  /** Whether a failed write raced another writer (duplicate id, deadlock). */
  isRetryableWriteError(error: unknown): boolean;
  /** Options appended to CREATE TABLE, if any. */
  readonly tableOptions: RawBuilder<unknown> | undefined;
  /** Options appended to CREATE TABLE of a rollup (clustered by its key). */
  readonly rollupTableOptions: RawBuilder<unknown>;
}
