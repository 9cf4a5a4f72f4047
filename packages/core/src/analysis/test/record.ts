import { withUsageContext } from '../../context.js';
import type { TokenledgerError } from '../../errors.js';
import { tokenUsage } from '../../schema.js';
import { createTracker } from '../../tracker/index.js';
import { MemoryStore } from './memory-store.js';

/** One hand-made call, recorded through the real tracker. */
export interface Call {
  at: string | number;
  endpoint: string;
  userId?: string;
  release?: string;
  model?: string;
  input?: number;
  read?: number;
  write?: number;
  write1h?: number;
  output?: number;
  reasoning?: number;
  prefixHash?: string;
  prefixTokens?: number;
  maxTokensHit?: boolean;
}

/**
 * Records `calls` through `createTracker` (real validation and pricing with
 * the default catalog) into a fresh {@link MemoryStore}. Anthropic calls,
 * `claude-sonnet-4-5` unless a model is given.
 */
export async function recordCalls(
  calls: readonly Call[],
): Promise<MemoryStore> {
  const store = new MemoryStore();
  const errors: TokenledgerError[] = [];
  const tracker = createTracker({
    store,
    spoolPath: false,
    onError: (error) => errors.push(error),
  });

  for (const call of calls) {
    withUsageContext({ release: call.release ?? '2.3.0' }, () =>
      tracker.recordNormalized({
        provider: 'anthropic',
        model: call.model ?? 'claude-sonnet-4-5',
        timestamp: new Date(call.at),
        endpoint: call.endpoint,
        userId: call.userId ?? 'u_1',
        usage: tokenUsage({
          inputTokens: call.input ?? 0,
          cacheReadTokens: call.read ?? 0,
          cacheWriteTokens: call.write ?? 0,
          cacheWrite1hTokens: call.write1h ?? 0,
          outputTokens: call.output ?? 0,
          reasoningTokens: call.reasoning ?? 0,
        }),
        ...(call.prefixHash ? { prefixHash: call.prefixHash } : {}),
        ...(call.prefixTokens !== undefined
          ? { prefixTokens: call.prefixTokens }
          : {}),
        ...(call.maxTokensHit !== undefined
          ? { maxTokensHit: call.maxTokensHit }
          : {}),
      }),
    );
  }
  await tracker.shutdown();
  if (errors.length > 0) throw errors[0];

  return store;
}

/** Epoch ms of `hour` (and `minute`) on 2026-11-(`day`) UTC. */
export function at(day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(2026, 10, day, hour, minute, second);
}
