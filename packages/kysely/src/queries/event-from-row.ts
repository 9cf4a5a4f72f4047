import { formatUsd, type UsageEvent } from '@tokenledger/core';

const USD_COLUMNS = [
  'cost_nano',
  'cost_input_nano',
  'cost_output_nano',
  'cost_cache_write_nano',
  'cost_cache_read_nano',
  'cost_units_nano',
  'provider_cost_nano',
] as const;

/** Columns read back as text so that nano-USD stays exact. */
export const TEXT_COLUMNS: readonly string[] = USD_COLUMNS;

/** Rebuilds a {@link UsageEvent} from a `usage_events` row. */
export function eventFromRow(row: Record<string, unknown>): UsageEvent {
  const usd = (column: (typeof USD_COLUMNS)[number]) => {
    const value = row[column];

    return value === null || value === undefined
      ? null
      : formatUsd(BigInt(String(value)));
  };
  const costUsd = usd('cost_nano');

  return {
    id: String(row.id),
    timestamp: new Date(Number(row.ts_ms)),
    provider: String(row.provider),
    model: String(row.model),
    canonicalModel: text(row.canonical_model),
    userId: String(row.user_id),
    endpoint: String(row.endpoint),
    release: row.app_release === '' ? null : text(row.app_release),
    tags: JSON.parse(String(row.tags)) as Record<string, string>,
    shape: text(row.shape),
    usage: {
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
      cacheWriteTokens: Number(row.cache_write_tokens),
      cacheWrite1hTokens: Number(row.cache_write_1h_tokens),
      cacheReadTokens: Number(row.cache_read_tokens),
      reasoningTokens: Number(row.reasoning_tokens),
      audioInputTokens: Number(row.audio_input_tokens),
      audioOutputTokens: Number(row.audio_output_tokens),
      ...optionalCount('pages', row.pages),
      ...optionalCount('images', row.images),
      ...optionalCount('requests', row.requests),
    },
    priced: Number(row.priced) === 1,
    unpricedReason: text(row.unpriced_reason),
    costUsd,
    cost:
      costUsd === null
        ? null
        : {
            input: usd('cost_input_nano') ?? '0.000000000',
            output: usd('cost_output_nano') ?? '0.000000000',
            cacheWrite: usd('cost_cache_write_nano') ?? '0.000000000',
            cacheRead: usd('cost_cache_read_nano') ?? '0.000000000',
            units: usd('cost_units_nano') ?? '0.000000000',
          },
    priceId: text(row.price_id),
    providerCostUsd: usd('provider_cost_nano'),
    batch: Number(row.batch) === 1,
    streamed: Number(row.streamed) === 1,
    incomplete: Number(row.incomplete) === 1,
    latencyMs: row.latency_ms === null ? null : Number(row.latency_ms),
    status: String(row.status) as UsageEvent['status'],
    attempt: Number(row.attempt),
    requestId: text(row.request_id),
    prefixHash: text(row.prefix_hash),
    prefixTokens: row.prefix_tokens === null ? null : Number(row.prefix_tokens),
    maxTokensHit:
      row.max_tokens_hit === null ? null : Number(row.max_tokens_hit) === 1,
  };
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function optionalCount(name: string, value: unknown) {
  return value === null || value === undefined ? {} : { [name]: Number(value) };
}
