import {
  type AggregateQuery,
  type AggregateRow,
  type EventsPage,
  type EventsQuery,
  type Facets,
  formatUsd,
  type GroupByDimension,
  type InsertResult,
  type OneOrMany,
  parseUsd,
  type TimeSeriesPoint,
  type TimeSeriesQuery,
  type UsageEvent,
  type UsageFilter,
  type UsageStore,
  type UsageTotals,
} from '@tokenledger/core';

const COMPONENTS = [
  'input',
  'output',
  'cacheWrite',
  'cacheRead',
  'units',
] as const;

/**
 * A complete in-memory UsageStore for the dashboard's API tests: every query
 * computed from the raw events, so the API can be checked against the events
 * themselves. Not for production (no rollups, linear scans).
 */
export class MemoryStore implements UsageStore {
  readonly rows = new Map<string, UsageEvent>();

  async insertEvents(events: readonly UsageEvent[]): Promise<InsertResult> {
    let inserted = 0;
    for (const event of events) {
      if (this.rows.has(event.id)) continue;
      this.rows.set(event.id, event);
      inserted += 1;
    }

    return { inserted, duplicates: events.length - inserted };
  }

  async query(query: AggregateQuery): Promise<AggregateRow[]> {
    const groupBy = query.groupBy ?? [];
    const groups = groupEvents(this.select(query.filter), (event) =>
      groupBy.map((dimension) => keyOf(event, dimension)),
    );
    let rows: AggregateRow[] = [...groups.values()].map(({ keys, events }) => {
      const row: AggregateRow = totalsOf(events);
      groupBy.forEach((dimension, i) => {
        const key = keys[i];
        if (key !== undefined) row[dimension] = key;
      });
      return row;
    });

    if (groupBy.length === 0 && rows.length === 0) rows = [totalsOf([])];
    if (query.orderBy) rows.sort(comparator(query.orderBy));

    return query.limit === undefined ? rows : rows.slice(0, query.limit);
  }

  async timeSeries(query: TimeSeriesQuery): Promise<TimeSeriesPoint[]> {
    const groups = groupEvents(this.select(query.filter), (event) => [
      keyOf(event, query.bucket),
      query.groupBy ? keyOf(event, query.groupBy) : undefined,
    ]);

    return [...groups.values()]
      .map(({ keys, events }) => {
        const point: TimeSeriesPoint = {
          ...totalsOf(events),
          bucketStart: new Date(keys[0] as string),
        };
        if (query.groupBy && keys[1] !== undefined) point.group = keys[1];
        return point;
      })
      .sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
  }

  async events(query: EventsQuery): Promise<EventsPage> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const sorted = this.select(query.filter)
      .sort(newestFirst)
      .filter((event) => !after || newestFirst(event, after) > 0);
    const page = sorted.slice(0, query.limit);
    const last = page.at(-1);

    return {
      events: page,
      nextCursor:
        sorted.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  async facets(query: { filter?: UsageFilter } = {}): Promise<Facets> {
    const events = this.select(query.filter);
    const distinct = (pick: (event: UsageEvent) => string | null) =>
      [
        ...new Set(events.map(pick).filter((v): v is string => v !== null)),
      ].sort();

    return {
      users: distinct((e) => e.userId),
      providers: distinct((e) => e.provider),
      models: distinct((e) => e.model),
      endpoints: distinct((e) => e.endpoint),
      releases: distinct((e) => e.release),
    };
  }

  async prune(options: { olderThan: Date }): Promise<number> {
    let deleted = 0;
    for (const [id, event] of this.rows) {
      if (event.timestamp >= options.olderThan) continue;
      this.rows.delete(id);
      deleted += 1;
    }

    return deleted;
  }

  async close(): Promise<void> {}

  private select(filter: UsageFilter = {}): UsageEvent[] {
    return [...this.rows.values()].filter((event) => matches(event, filter));
  }
}

function matches(event: UsageEvent, filter: UsageFilter): boolean {
  const time = event.timestamp.getTime();
  if (filter.from && time < filter.from.getTime()) return false;
  if (filter.to && time >= filter.to.getTime()) return false;

  return (
    oneOf(event.userId, filter.userId) &&
    oneOf(event.provider, filter.provider) &&
    oneOf(event.model, filter.model) &&
    oneOf(event.endpoint, filter.endpoint) &&
    oneOf(event.release, filter.release) &&
    oneOf(event.status, filter.status) &&
    (filter.priced === undefined || event.priced === filter.priced)
  );
}

function oneOf(value: string | null, wanted: OneOrMany<string> | undefined) {
  if (wanted === undefined) return true;
  const list: readonly string[] =
    typeof wanted === 'string' ? [wanted] : wanted;

  return value !== null && list.includes(value);
}

function keyOf(event: UsageEvent, dimension: GroupByDimension) {
  const iso = event.timestamp.toISOString();
  switch (dimension) {
    case 'user':
      return event.userId;
    case 'day':
      return iso.slice(0, 10);
    case 'hour':
      return `${iso.slice(0, 13)}:00:00.000Z`;
    default:
      return event[dimension] ?? undefined;
  }
}

function groupEvents(
  events: UsageEvent[],
  keysOf: (event: UsageEvent) => (string | undefined)[],
) {
  const groups = new Map<
    string,
    { keys: (string | undefined)[]; events: UsageEvent[] }
  >();
  for (const event of events) {
    const keys = keysOf(event);
    const id = JSON.stringify(keys);
    const group = groups.get(id) ?? { keys, events: [] };
    group.events.push(event);
    groups.set(id, group);
  }

  return groups;
}

/** Exact totals of a list of events, as a store reports them. */
export function totalsOf(events: UsageEvent[]): UsageTotals {
  const cost = {
    input: 0n,
    output: 0n,
    cacheWrite: 0n,
    cacheRead: 0n,
    units: 0n,
  };
  const sum = (pick: (event: UsageEvent) => number) =>
    events.reduce((total, event) => total + pick(event), 0);

  for (const event of events) {
    for (const component of COMPONENTS) {
      if (event.cost) cost[component] += parseUsd(event.cost[component]);
    }
  }

  const cacheReadTokens = sum((e) => e.usage.cacheReadTokens);
  const prompt = sum(
    (e) =>
      e.usage.inputTokens +
      e.usage.cacheReadTokens +
      e.usage.cacheWriteTokens +
      e.usage.cacheWrite1hTokens,
  );
  const total = COMPONENTS.reduce(
    (all, component) => all + cost[component],
    0n,
  );

  return {
    calls: events.length,
    unpricedCalls: events.filter((e) => !e.priced).length,
    inputTokens: sum((e) => e.usage.inputTokens),
    outputTokens: sum((e) => e.usage.outputTokens),
    cacheWriteTokens: sum((e) => e.usage.cacheWriteTokens),
    cacheWrite1hTokens: sum((e) => e.usage.cacheWrite1hTokens),
    cacheReadTokens,
    reasoningTokens: sum((e) => e.usage.reasoningTokens),
    pages: sum((e) => e.usage.pages ?? 0),
    costUsd: formatUsd(total),
    cost: {
      input: formatUsd(cost.input),
      output: formatUsd(cost.output),
      cacheWrite: formatUsd(cost.cacheWrite),
      cacheRead: formatUsd(cost.cacheRead),
      units: formatUsd(cost.units),
    },
    cacheReadShare: prompt > 0 ? cacheReadTokens / prompt : 0,
  };
}

function comparator(orderBy: NonNullable<AggregateQuery['orderBy']>) {
  const sign = orderBy.direction === 'asc' ? 1 : -1;

  return (a: AggregateRow, b: AggregateRow) => {
    const x = a[orderBy.field as keyof AggregateRow];
    const y = b[orderBy.field as keyof AggregateRow];
    if (orderBy.field === 'costUsd') {
      const diff = parseUsd(String(x)) - parseUsd(String(y));
      return diff === 0n ? 0 : diff > 0n ? sign : -sign;
    }
    return String(x ?? '') < String(y ?? '')
      ? -sign
      : String(x ?? '') > String(y ?? '')
        ? sign
        : 0;
  };
}

function newestFirst(
  a: Pick<UsageEvent, 'timestamp' | 'id'>,
  b: Pick<UsageEvent, 'timestamp' | 'id'>,
) {
  const diff = b.timestamp.getTime() - a.timestamp.getTime();
  if (diff !== 0) return diff;

  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function encodeCursor(event: UsageEvent): string {
  return Buffer.from(`${event.timestamp.getTime()}|${event.id}`).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string) {
  const [time = '', id = ''] = Buffer.from(cursor, 'base64url')
    .toString()
    .split('|');

  return { timestamp: new Date(Number(time)), id };
}
