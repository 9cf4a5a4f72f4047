import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UsageEvent } from '@tokenledger/core';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSafeToReplace, openDemoDatabase } from '../src/database.js';

/** One priced call, as an app other than the demo would have stored it. */
const theirCall: UsageEvent = {
  id: 'their-call-1',
  timestamp: new Date('2026-11-02T10:15:00.000Z'),
  provider: 'openai',
  model: 'gpt-5-mini',
  canonicalModel: 'gpt-5-mini',
  userId: 'a-real-user',
  endpoint: 'POST /chat',
  release: '1.0.0',
  tags: {},
  shape: 'openai.chat',
  usage: {
    inputTokens: 100,
    outputTokens: 10,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    audioInputTokens: 0,
    audioOutputTokens: 0,
  },
  priced: true,
  unpricedReason: null,
  costUsd: '0.000045000',
  cost: {
    input: '0.000025000',
    output: '0.000020000',
    cacheWrite: '0.000000000',
    cacheRead: '0.000000000',
    units: '0.000000000',
  },
  priceId: 'openai/gpt-5-mini',
  providerCostUsd: null,
  batch: false,
  streamed: false,
  incomplete: false,
  latencyMs: 100,
  status: 'ok',
  attempt: 1,
  requestId: null,
  prefixHash: null,
  prefixTokens: null,
  maxTokensHit: false,
};

describe('the demo and a database it did not fill', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenledger-demo-guard-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0))
      rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse to replace the calls a DATABASE_URL store holds', async () => {
    const dataDir = tempDir();
    const theirs = `sqlite:${join(tempDir(), 'theirs.db')}`;
    const { store, own, sqliteUrl } = await openDemoDatabase(dataDir, theirs);
    await store.insertEvents([theirCall]);

    const check = checkSafeToReplace(store, { own, reset: false, sqliteUrl });

    await expect(check).rejects.toThrow(
      [
        'DATABASE_URL points at a database that already holds 1 call this demo did not write, and the demo replaces everything in its database.',
        `Point DATABASE_URL at an empty database, pass --reset to replace those calls anyway, or unset it (unset DATABASE_URL) to use SQLite at ${join(dataDir, 'demo.db')}.`,
      ].join('\n'),
    );
    expect((await store.query({}))[0]?.calls).toBe(1);
    await store.close();
  });

  it('should go ahead with --reset, an empty database, or its own file', async () => {
    const theirs = `sqlite:${join(tempDir(), 'theirs.db')}`;
    const empty = await openDemoDatabase(tempDir(), theirs);
    // no DATABASE_URL: the demo's own SQLite file
    const own = await openDemoDatabase(tempDir(), '');
    await own.store.insertEvents([theirCall]);

    await expect(
      checkSafeToReplace(empty.store, { ...empty, reset: false }),
    ).resolves.toBeUndefined();
    await empty.store.insertEvents([theirCall]);
    await expect(
      checkSafeToReplace(empty.store, { ...empty, reset: true }),
    ).resolves.toBeUndefined();
    expect(own.own).toBe(true);
    await expect(
      checkSafeToReplace(own.store, { ...own, reset: false }),
    ).resolves.toBeUndefined();

    await empty.store.close();
    await own.store.close();
  });
});
