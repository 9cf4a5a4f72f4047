import { formatUsd, parseUsd } from '../../money.js';
import type { UsageEvent } from '../../schema.js';
import type {
  AggregateQuery,
  AggregateRow,
  EventsPage,
  EventsQuery,
  Facets,
  GroupByDimension,
  InsertResult,
  OneOrMany,
  TimeSeriesPoint,
  TimeSeriesQuery,
  UsageFilter,
  UsageStore,
} from '../../store.js';

const CLASSES = [
  'input',
  'output',
  'cacheWrite',
  'cacheRead',
  'units',
] as const;

/**
 * A UsageStore over an array, for the analysis tests: every answer computed
 * from the raw events by linear scans. Test-only.
 */
export class MemoryStore implements UsageStore {
  readonly rows: UsageEvent[] = [];
  eventPages = 0;

  async insertEvents(events: readonly UsageEvent[]): Promise<InsertResult> {
    const known = new Set(this.rows.map((e) => e.id));
    const fresh = events.filter((e) => !known.has(e.id));
    this.rows.push(...fresh);

    return { inserted: fresh.length, duplicates: events.length - fresh.length };
  }

  async query(query: AggregateQuery): Promise<AggregateRow[]> {
    const groupBy = query.groupBy ?? [];
    const rows = group(this.select(query.filter), groupBy).map(
      ([keys, events]) => {
        const row: AggregateRow = totals(events);
        groupBy.forEach((d, i) => {
          row[d] = keys[i] ?? '';
        });
        return row;
      },
    );
    const order = query.orderBy;
    if (order) {
      const sign = order.direction === 'desc' ? -1 : 1;
      rows.sort((a, b) => sign * compare(a[order.field], b[order.field]));
    }

    return rows.slice(0, query.limit ?? rows.length);
  }

  async timeSeries(query: TimeSeriesQuery): Promise<TimeSeriesPoint[]> {
    const dims: GroupByDimension[] = [
      query.bucket,
      ...(query.groupBy ? [query.groupBy] : []),
    ];

    return group(this.select(query.filter), dims).map(
      ([[bucket = '', key], events]) => ({
        ...totals(events),
        bucketStart: new Date(bucket),
        ...(key === undefined ? {} : { group: key }),
      }),
    );
  }

  async events(query: EventsQuery): Promise<EventsPage> {
    this.eventPages += 1;
    const sorted = this.select(query.filter).sort(
      (a, b) =>
        b.timestamp.getTime() - a.timestamp.getTime() || (a.id < b.id ? 1 : -1),
    );
    const start = query.cursor ? Number(query.cursor) : 0;
    const events = sorted.slice(start, start + query.limit);
    const next = start + query.limit;

    return { events, nextCursor: next < sorted.length ? String(next) : null };
  }

  async facets(): Promise<Facets> {
    const distinct = (f: (e: UsageEvent) => string | null) =>
      [...new Set(this.rows.map(f).filter((v): v is string => !!v))].sort();

    return {
      users: distinct((e) => e.userId),
      providers: distinct((e) => e.provider),
      models: distinct((e) => e.model),
      endpoints: distinct((e) => e.endpoint),
      releases: distinct((e) => e.release),
    };
  }

  async prune(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {}

  private select(filter: UsageFilter = {}): UsageEvent[] {
    const within = (
      value: string | null,
      wanted: OneOrMany<string> | undefined,
    ) =>
      wanted === undefined ||
      (typeof wanted === 'string' ? [wanted] : wanted).includes(value ?? '');

    return this.rows.filter(
      (e) =>
        (!filter.from || e.timestamp >= filter.from) &&
        (!filter.to || e.timestamp < filter.to) &&
        within(e.userId, filter.userId) &&
        within(e.provider, filter.provider) &&
        within(e.model, filter.model) &&
        within(e.endpoint, filter.endpoint) &&
        within(e.release, filter.release) &&
        (filter.priced === undefined || e.priced === filter.priced),
    );
  }
}

function keyOf(event: UsageEvent, dimension: GroupByDimension): string {
  const time = event.timestamp.getTime();
  if (dimension === 'hour')
    return new Date(time - (time % 3_600_000)).toISOString();
  if (dimension === 'day')
    return new Date(time - (time % 86_400_000)).toISOString().slice(0, 10);
  if (dimension === 'user') return event.userId;

  return event[dimension] ?? '';
}

function group(
  events: readonly UsageEvent[],
  dims: readonly GroupByDimension[],
): [string[], UsageEvent[]][] {
  const groups = new Map<string, [string[], UsageEvent[]]>();
  for (const event of events) {
    const keys = dims.map((d) => keyOf(event, d));
    const id = JSON.stringify(keys);
    const found = groups.get(id) ?? [keys, []];
    found[1].push(event);
    groups.set(id, found);
  }

  return [...groups.values()];
}

function totals(events: readonly UsageEvent[]): AggregateRow {
  const sum = (f: (e: UsageEvent) => number) =>
    events.reduce((s, e) => s + f(e), 0);
  const cost = Object.fromEntries(
    CLASSES.map((c) => [
      c,
      formatUsd(events.reduce((s, e) => s + parseUsd(e.cost?.[c] ?? '0'), 0n)),
    ]),
  ) as AggregateRow['cost'];
  const prompt = sum(
    (e) =>
      e.usage.inputTokens +
      e.usage.cacheReadTokens +
      e.usage.cacheWriteTokens +
      e.usage.cacheWrite1hTokens,
  );

  return {
    calls: events.length,
    unpricedCalls: events.filter((e) => !e.priced).length,
    inputTokens: sum((e) => e.usage.inputTokens),
    outputTokens: sum((e) => e.usage.outputTokens),
    cacheWriteTokens: sum((e) => e.usage.cacheWriteTokens),
    cacheWrite1hTokens: sum((e) => e.usage.cacheWrite1hTokens),
    cacheReadTokens: sum((e) => e.usage.cacheReadTokens),
    reasoningTokens: sum((e) => e.usage.reasoningTokens),
    pages: sum((e) => e.usage.pages ?? 0),
    costUsd: formatUsd(
      events.reduce((s, e) => s + parseUsd(e.costUsd ?? '0'), 0n),
    ),
    cost,
    cacheReadShare:
      prompt === 0 ? 0 : sum((e) => e.usage.cacheReadTokens) / prompt,
  };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;

  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
