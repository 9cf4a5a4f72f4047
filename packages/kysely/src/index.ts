export {
  openSqliteReaders,
  type SqliteReadersOptions,
} from './dialects/sqlite/read-pool.js';
export { withStatementCache } from './dialects/sqlite/statement-cache.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export {
  createKyselyStore,
  type KyselyStoreOptions,
  type KyselyUsageStore,
} from './store.js';
export type { StoreLocation } from './store-url.js';
export { parseStoreUrl } from './store-url.js';
