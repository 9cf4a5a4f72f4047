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

  const event = isEventLine(json)
    ? storedEvent(json)
    : rawCallEvent(line, readRawCall(json, defaults), defaults, catalog);

  return storable(event);
}

/**
 * The event if the store's writer takes it: the same checks, run here so
 * that a line it would refuse is rejected alone instead of failing its
 * batch of thousands (and the ingest with it).
 */
function storable(event: UsageEvent): UsageEvent {
  const issue = findEventIssue(event);
  if (issue) throw new Error(`Invalid event: ${issue.path} ${issue.message}.`);
  if (event.timestamp.getTime() < 0) {
    throw new Error('Invalid event: timestamp is before 1970.');
  }

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

  return checked({
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
  });
}

function statusOf(value: unknown): CallStatus {
  if (value === undefined) return 'ok';

  const parsed = CallStatusSchema.safeParse(value);
  if (parsed.success) return parsed.data;

  throw new Error(
    `"status" must be ok, error, aborted or timeout, got ${JSON.stringify(value)}.`,
  );
}

// The fields taken from the line are bounded by the event schema; check
// just those (the usage and the cost come from core, already valid): a
// zod parse of every event would cost about a fifth of an ingest.
function checked(event: UsageEvent): UsageEvent {
  bounded(event.provider, 'provider', 64);
  bounded(event.model, 'model', 200);
  bounded(event.userId, 'userId', 200);
  bounded(event.endpoint, 'endpoint', 200);
  if (event.release !== null) bounded(event.release, 'release', 100);
  if (event.requestId !== null) bounded(event.requestId, 'response.id', 200);
  if (event.latencyMs !== null && !(event.latencyMs >= 0)) {
    throw new Error(
      `"latencyMs" must be a number of milliseconds >= 0, got ${event.latencyMs}.`,
    );
  }
  checkTags(event.tags);

  return event;
}

function tagsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (isRecord(value)) return value as Record<string, string>;

  throw new Error(
    `"tags" must be an object of strings, got ${JSON.stringify(value)}.`,
  );
}

function bounded(value: string, field: string, max: number): void {
  if (value.length > max) {
    throw new Error(
      `"${field}" is ${value.length} characters long; at most ${max} are stored.`,
    );
  }
}

function checkTags(tags: Record<string, string>): void {
  const entries = Object.entries(tags);
  if (entries.length > 20) {
    throw new Error(
      `"tags" has ${entries.length} keys; at most 20 are stored.`,
    );
  }

  for (const [key, value] of entries) {
    if (typeof value !== 'string') {
      throw new Error(
        `"tags.${key}" must be a string, got ${JSON.stringify(value)}.`,
      );
    }
    bounded(key, 'tags key', 64);
    bounded(value, `tags.${key}`, 200);
  }
}
