import {
  type CallStatus,
  CallStatusSchema,
  eventCostFields,
  findEventIssue,
  type PriceCatalog,
  priceUsage,
  type UsageEvent,
  UsageEventSchema,
} from '@tokenledger/core';
import {
  type CallDefaults,
  isRecord,
  type RawCall,
  readRawCall,
  text,
} from '../raw-call.js';
import { lineEventId } from './event-id.js';

/**
 * Turns one line of an ingest file into an event: a tokenledger event as
 * the tracker stores it (it has a string `id` and a boolean `priced`), or a
 * raw provider call (see {@link readRawCall}), normalized and priced at its
 * `timestamp`, with an id derived from the line (see {@link lineEventId}).
 * Throws an `Error` whose message says what is wrong with the line.
 *
 * @example
 * ```ts
 * const event = eventFromLine(line, { shape: 'openai.chat' }, defaultCatalog);
 * ```
 */
export function eventFromLine(
  line: string,
  defaults: CallDefaults,
  catalog: PriceCatalog,
): UsageEvent {
  const json = parseJson(line);
  if (isRejectedLine(json)) {
    throw new Error(
      `This is a line of a .rejected.jsonl file (line ${json.line} of the file it came from): ingest the fixed "text" of such lines, one a line, not the rejects file itself.`,
    );
  }

  return isEventLine(json)
    ? storedEvent(json)
    : storable(
        rawCallEvent(line, readRawCall(json, defaults), defaults, catalog),
      );
}

/**
 * The event built from a raw call if the store's writer takes it: the
 * writer's checks, which are the schema's rules (`storedEvent` applies the
 * schema to stored events), by hand and fast: a zod parse of every line
 * would cost about a fifth of an ingest. A line the writer would refuse is
 * rejected alone instead of failing its batch of thousands.
 */
function storable(event: UsageEvent): UsageEvent {
  const issue = findEventIssue(event);
  if (issue) throw new Error(`"${issue.path}" ${issue.message}.`);

  return event;
}

function parseJson(line: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`Not JSON (${(error as Error).message}).`);
  }

  if (isRecord(json)) return json;

  throw new Error(`Expected a JSON object, got ${line.slice(0, 40)}.`);
}

/** `{ line, error, text }`, as `RejectsFile` writes it. */
function isRejectedLine(json: Record<string, unknown>): boolean {
  const keys = Object.keys(json).sort().join();

  return keys === 'error,line,text' && typeof json.text === 'string';
}

function isEventLine(json: Record<string, unknown>): boolean {
  return typeof json.id === 'string' && typeof json.priced === 'boolean';
}

function storedEvent(json: Record<string, unknown>): UsageEvent {
  const parsed = UsageEventSchema.safeParse(json);
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`);

  throw new Error(`Invalid tokenledger event (${problems.join('; ')}).`);
}

function rawCallEvent(
  line: string,
  call: RawCall,
  defaults: CallDefaults,
  catalog: PriceCatalog,
): UsageEvent {
  const { meta, response } = call;
  if (call.at === undefined) {
    throw new Error(
      'No "timestamp": add the time of the call (ISO date-time) beside "response".',
    );
  }

  const endpoint = text(meta.endpoint, 'endpoint') ?? defaults.endpoint;
  if (endpoint === undefined) {
    throw new Error(
      'No "endpoint": add it beside "response", or pass --endpoint.',
    );
  }

  const timeMs = call.at.getTime();
  const cost = priceUsage(
    {
      provider: call.provider,
      model: call.model,
      usage: call.usage,
      at: call.at,
      batch: call.batch,
    },
    catalog,
  );

  return {
    id: lineEventId(line, timeMs),
    timestamp: call.at,
    provider: call.provider,
    model: call.model,
    userId: text(meta.userId, 'userId') ?? 'anonymous',
    endpoint,
    release: text(meta.release, 'release') ?? null,
    tags: tagsOf(meta.tags),
    shape: call.shape,
    usage: call.usage,
    ...eventCostFields(cost),
    providerCostUsd: null,
    batch: call.batch,
    streamed: meta.streamed === true,
    incomplete: false,
    latencyMs: typeof meta.latencyMs === 'number' ? meta.latencyMs : null,
    status: statusOf(meta.status),
    attempt: 1,
    requestId: typeof response.id === 'string' ? response.id : null,
    prefixHash: null,
    prefixTokens: null,
    maxTokensHit: null,
  };
}

function statusOf(value: unknown): CallStatus {
  if (value === undefined) return 'ok';

  const parsed = CallStatusSchema.safeParse(value);
  if (parsed.success) return parsed.data;

  throw new Error(
    `"status" must be ok, error, aborted or timeout, got ${JSON.stringify(value)}.`,
  );
}

function tagsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value as Record<string, string>;

  throw new Error(
    `"tags" must be an object of strings, got ${JSON.stringify(value)}.`,
  );
}
