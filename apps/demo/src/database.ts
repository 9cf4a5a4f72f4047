import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KyselyUsageStore } from '@tokenledger/kysely';
import { openStore } from '@tokenledger/kysely';

/** Far enough in the future that pruning before it deletes every event. */
const END_OF_TIME = new Date(8.64e15);

/** What the demo remembers about the data it generated into a database. */
export interface GenerationMarker {
  startMs: number;
  days: number;
  events: number;
  finishedAt: string;
}

/**
 * The demo's database: `DATABASE_URL` when set (`mysql://…` works), else
 * a SQLite file under `dataDir`. Migrated before it is returned.
 *
 * @example
 * ```ts
 * const { store, url } = await openDemoDatabase('/repo/apps/demo/.data');
 * ```
 */
export async function openDemoDatabase(
  dataDir: string,
  databaseUrl = process.env.DATABASE_URL,
): Promise<{ store: KyselyUsageStore; url: string }> {
  mkdirSync(dataDir, { recursive: true });
  const url = databaseUrl || `sqlite:${join(dataDir, 'demo.db')}`;
  const store = await openStore(url);

  await store.migrate();
  return { store, url };
}

/** Deletes every event (and rollup) of the store. */
export async function clearStore(store: KyselyUsageStore): Promise<number> {
  return store.prune({ olderThan: END_OF_TIME });
}

/** The marker key of a database: a hash, so no password lands on disk. */
export function markerKey(databaseUrl: string): string {
  return createHash('sha256').update(databaseUrl).digest('hex').slice(0, 16);
}

/** The marker of a finished generation into the database of `key`, if any. */
export function readMarker(
  markerPath: string,
  key: string,
): GenerationMarker | undefined {
  try {
    const markers = JSON.parse(readFileSync(markerPath, 'utf8')) as Record<
      string,
      GenerationMarker
    >;
    return markers[key];
  } catch {
    return undefined;
  }
}

/** Records (or, with `undefined`, forgets) the generation into a database. */
export function writeMarker(
  markerPath: string,
  key: string,
  marker: GenerationMarker | undefined,
): void {
  let markers: Record<string, GenerationMarker> = {};
  try {
    markers = JSON.parse(readFileSync(markerPath, 'utf8'));
  } catch {
    // no marker file yet
  }

  if (marker) markers[key] = marker;
  else delete markers[key];

  mkdirSync(dirname(markerPath), { recursive: true });
  writeFileSync(markerPath, `${JSON.stringify(markers, null, 2)}\n`);
}

/** Removes a file if it exists. */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
