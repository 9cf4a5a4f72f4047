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
): Promise<{
  store: KyselyUsageStore;
  url: string;
  /** Whether this is the demo's own SQLite file (no `DATABASE_URL`). */
  own: boolean;
  sqliteUrl: string;
}> {
  mkdirSync(dataDir, { recursive: true });
  const sqliteUrl = `sqlite:${join(dataDir, 'demo.db')}`;
  const url = databaseUrl || sqliteUrl;
  const explain = (error: unknown) =>
    databaseUrl ? new Error(databaseUrlAdvice(error, url, sqliteUrl)) : error;

  let store: KyselyUsageStore;
  try {
    store = await openStore(url);
  } catch (error) {
    throw explain(error);
  }

  try {
    await store.migrate();
  } catch (error) {
    // an open MySQL pool would keep the process alive after the message
    await store.close().catch(() => undefined);
    throw explain(error);
  }
  return { store, url, own: !databaseUrl, sqliteUrl };
}

/**
 * The message of a failure to open or migrate the `DATABASE_URL` store:
 * the store's own message, what the driver's error code means for this
 * URL, and how to fall back to SQLite.
 *
 * @example
 * ```ts
 * databaseUrlAdvice(error, 'mysql://tl:pw@127.0.0.1:3306/demo', 'sqlite:/repo/apps/demo/.data/demo.db');
 * ```
 */
export function databaseUrlAdvice(
  error: unknown,
  url: string,
  sqliteUrl: string,
): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = codeHint(driverCode(error), url);

  return [
    message,
    ...(hint ? [hint] : []),
    `DATABASE_URL is set, so the demo uses it; fix it, or unset it (unset DATABASE_URL) to use SQLite at ${sqliteUrl.slice('sqlite:'.length)}.`,
  ].join('\n');
}

/** The driver's error code (`ECONNREFUSED`, `ER_ACCESS_DENIED_ERROR`…), if any. */
function driverCode(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'STORAGE_FAILED') return code;
    cause = (cause as { cause?: unknown }).cause;
  }

  return undefined;
}

function codeHint(code: string | undefined, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const server = `${parsed.hostname}:${parsed.port || '3306'}`;
  const user = decodeURIComponent(parsed.username);
  const database = decodeURIComponent(parsed.pathname.slice(1));

  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing accepts connections on ${server}: start the MySQL/MariaDB server, or fix the host and port.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host name ${parsed.hostname} does not resolve: fix the host.`;
    case 'ETIMEDOUT':
    case 'ECONNRESET':
      return `${server} did not answer as a MySQL server: check the host, the port and any firewall in between.`;
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return `The server refused user '${user}' (wrong password, unknown user, or no rights on ${database}): fix the user and password, or GRANT ALL PRIVILEGES ON ${database}.* TO that user.`;
    case 'ER_BAD_DB_ERROR':
      return `The database ${database} does not exist on ${server}: create it (CREATE DATABASE ${database};) or fix its name.`;
    case 'ER_TABLEACCESS_DENIED_ERROR':
    case 'ER_SPECIFIC_ACCESS_DENIED_ERROR':
      return `User '${user}' may not create the demo's tables in ${database}: GRANT ALL PRIVILEGES ON ${database}.* TO that user.`;
    default:
      return undefined;
  }
}

/**
 * Refuses to replace what a `DATABASE_URL` store already holds when the
 * demo has no marker of having written it and `--reset` was not given:
 * the variable is a common one, and a shell pointing it at a real
 * database must not lose that database's events to a demo. The demo's
 * own SQLite file is always its to replace.
 *
 * @example
 * ```ts
 * await checkSafeToReplace(store, { own: false, reset: false, sqliteUrl });
 * ```
 */
export async function checkSafeToReplace(
  store: KyselyUsageStore,
  database: { own: boolean; reset: boolean; sqliteUrl: string },
): Promise<void> {
  if (database.own || database.reset) return;

  const [totals] = await store.query({});
  const calls = totals?.calls ?? 0;
  if (calls === 0) return;

  throw new Error(
    [
      `DATABASE_URL points at a database that already holds ${calls} ${calls === 1 ? 'call' : 'calls'} this demo did not write, and the demo replaces everything in its database.`,
      `Point DATABASE_URL at an empty database, pass --reset to replace those calls anyway, or unset it (unset DATABASE_URL) to use SQLite at ${database.sqliteUrl.slice('sqlite:'.length)}.`,
    ].join('\n'),
  );
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
