import type { UsageEvent } from '@tokenledger/core';
import { type KyselyUsageStore, openStore } from '@tokenledger/kysely';

/** An in-memory SQLite store (the real one, with rollups) holding `events`. */
export async function seededSqlite(
  events: readonly UsageEvent[],
): Promise<KyselyUsageStore> {
  const store = await openStore('sqlite::memory:');
  await store.migrate();

  for (let i = 0; i < events.length; i += 500) {
    await store.insertEvents(events.slice(i, i + 500));
  }

  return store;
}
