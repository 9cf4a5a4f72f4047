import {
  CallStatusSchema,
  TokenledgerError,
  type UsageFilter,
} from '@tokenledger/core';

/** A dimension filter on one column: the row matches any of `values`. */
export interface ColumnFilter {
  column:
    | 'user_id'
    | 'provider'
    | 'model'
    | 'endpoint'
    | 'app_release'
    | 'status'
    | 'priced';
  values: (string | number)[];
}

/** A filter checked and reduced to columns, with the time range in ms. */
export interface CheckedFilter {
  fromMs: number | undefined;
  toMs: number | undefined;
  columns: ColumnFilter[];
  tags: [key: string, values: string[]][];
}

const DIMENSION_COLUMNS = {
  userId: 'user_id',
  provider: 'provider',
  model: 'model',
  endpoint: 'endpoint',
  release: 'app_release',
  status: 'status',
} as const;

const FILTER_KEYS = [
  'from',
  'to',
  ...Object.keys(DIMENSION_COLUMNS),
  'priced',
  'tags',
];

/** What a value is, for messages: `null`, `an array`, `string`, … */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';

  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * Checks a {@link UsageFilter} from an untyped caller (a query string, the
 * CLI) and reduces it to columns. Unknown keys and wrong types are errors
 * that name the key, never silently ignored.
 */
export function checkFilter(filter: UsageFilter = {}): CheckedFilter {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw invalid(
      `filter must be an object such as { from, to, endpoint }, got ${kindOf(filter)}`,
    );
  }

  for (const key of Object.keys(filter)) {
    if (!FILTER_KEYS.includes(key)) {
      throw invalid(
        `unknown filter dimension ${JSON.stringify(key)}; use one of ${FILTER_KEYS.join(', ')}`,
      );
    }
  }

  return {
    fromMs: timeOf(filter.from, 'from'),
    toMs: timeOf(filter.to, 'to'),
    columns: columnFilters(filter),
    tags: tagFilters(filter.tags),
  };
}

function columnFilters(filter: UsageFilter): ColumnFilter[] {
  const columns: ColumnFilter[] = [];

  for (const [key, column] of Object.entries(DIMENSION_COLUMNS)) {
    const value = filter[key as keyof typeof DIMENSION_COLUMNS];
    if (value === undefined) continue;

    const values = stringList(value, key);
    if (key === 'status') values.forEach(checkStatus);
    columns.push({ column, values });
  }

  if (filter.priced !== undefined) {
    if (typeof filter.priced !== 'boolean') {
      throw invalid(
        `filter.priced must be true or false, got ${JSON.stringify(filter.priced)}`,
      );
    }
    columns.push({ column: 'priced', values: [filter.priced ? 1 : 0] });
  }

  return columns;
}

function tagFilters(tags: UsageFilter['tags']): CheckedFilter['tags'] {
  if (tags === undefined) return [];

  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw invalid('filter.tags must be an object of tag name to value(s)');
  }

  return Object.entries(tags).map(([key, value]) => [
    key,
    stringList(value, `tags.${key}`),
  ]);
}

function stringList(value: unknown, key: string): string[] {
  const values = Array.isArray(value) ? value : [value];

  for (const item of values) {
    if (typeof item !== 'string') {
      throw invalid(
        `filter.${key} must be a string or a list of strings, got ${JSON.stringify(item)}`,
      );
    }
  }

  return values as string[];
}

function checkStatus(status: string | number) {
  if (CallStatusSchema.safeParse(status).success) return;

  throw invalid(
    `filter.status ${JSON.stringify(status)} is not a call status; use ${CallStatusSchema.options.join(', ')}`,
  );
}

function timeOf(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;

  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isFinite(ms)) return ms;

  const shown =
    value instanceof Date ? 'an invalid Date' : JSON.stringify(value);
  throw invalid(`filter.${key} must be a valid Date, got ${shown}`);
}

/**
 * Checks that a query from an untyped caller is an object with only the
 * keys `method` takes, so a misspelt or misplaced option (`bucket` on
 * `query`, `groupby`) fails instead of being ignored.
 */
export function checkQueryKeys(
  query: unknown,
  method: string,
  allowed: readonly string[],
): void {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw invalid(
      `${method}() needs an object of ${allowed.join(', ')}, got ${Array.isArray(query) ? 'an array' : typeof query}`,
    );
  }

  for (const key of Object.keys(query)) {
    if (allowed.includes(key)) continue;

    const hint =
      method === 'query' && key === 'bucket'
        ? "; to bucket by time, group by 'day' or 'hour', or call timeSeries()"
        : '';
    throw invalid(
      `${method}() has no option ${JSON.stringify(key)}; use ${allowed.join(', ')}${hint}`,
    );
  }
}

/**
 * An INVALID_OPTIONS error for a query that cannot be answered as asked;
 * `option` (in `details.option`) names the query option at fault, so a
 * caller such as the dashboard can name its own parameter.
 */
export function invalid(problem: string, option?: string): TokenledgerError {
  return new TokenledgerError(
    'INVALID_OPTIONS',
    `Invalid store query: ${problem}. See docs/storage.md#queries.`,
    option === undefined ? {} : { details: { option } },
  );
}
