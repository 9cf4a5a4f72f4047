import { UsageError } from '../errors.js';
import type { TokenUsage } from '../schema.js';
import {
  describe,
  ensurePartOf,
  optionalArray,
  optionalCount,
  requireCount,
  requireRecord,
  type UsageRecord,
} from './counts.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'bedrock.converse';

/**
 * Amazon Bedrock Converse and ConverseStream: camelCase on the wire and in
 * the AWS SDK; `inputTokens` excludes cache reads and writes, like
 * Anthropic; `cacheDetails` splits the writes by TTL.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
export const bedrockConverse: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage'], ['metadata', 'usage']],
  markers: ['inputTokens', 'outputTokens'],
  missingHint:
    'ConverseStream reports usage in its metadata event: pass that event (or event.metadata).',
  normalize: normalizeBedrock,
};

function normalizeBedrock(usage: UsageRecord): TokenUsage {
  const writes = optionalCount(
    SHAPE,
    usage.cacheWriteInputTokens,
    'usage.cacheWriteInputTokens',
  );
  const oneHour = oneHourWrites(usage, writes);

  return {
    inputTokens: requireCount(SHAPE, usage.inputTokens, 'usage.inputTokens'),
    outputTokens: requireCount(SHAPE, usage.outputTokens, 'usage.outputTokens'),
    // Writes cacheDetails does not attribute keep the default 5-minute TTL.
    cacheWriteTokens: writes - oneHour,
    cacheWrite1hTokens: oneHour,
    cacheReadTokens: optionalCount(
      SHAPE,
      usage.cacheReadInputTokens,
      'usage.cacheReadInputTokens',
    ),
    reasoningTokens: 0,
    audioInputTokens: 0,
    audioOutputTokens: 0,
  };
}

/** Sums the 1-hour entries of `cacheDetails`, checking every entry. */
function oneHourWrites(usage: UsageRecord, writes: number): number {
  const details = optionalArray(
    SHAPE,
    usage.cacheDetails,
    'usage.cacheDetails',
  );
  if (details === undefined) return 0;

  let detailed = 0;
  let oneHour = 0;
  for (const item of details) {
    const entry = requireRecord(SHAPE, item, 'usage.cacheDetails[]');
    const tokens = requireCount(
      SHAPE,
      entry.inputTokens,
      'usage.cacheDetails[].inputTokens',
    );
    detailed += tokens;
    if (isOneHour(entry.ttl)) oneHour += tokens;
  }
  ensurePartOf(
    SHAPE,
    detailed,
    'the sum of usage.cacheDetails[].inputTokens',
    writes,
    'usage.cacheWriteInputTokens',
  );

  return oneHour;
}

function isOneHour(ttl: unknown): boolean {
  if (ttl === '1h') return true;
  if (ttl === '5m') return false;

  throw new UsageError(
    `Invalid ${SHAPE} usage: usage.cacheDetails[].ttl is ${describe(ttl)}; expected "5m" or "1h". See docs/usage-semantics.md for the fields each shape reads.`,
    { shape: SHAPE, field: 'usage.cacheDetails[].ttl' },
  );
}
