export { MIGRATIONS } from './migrations/index.js';
export { type OpenStoreOptions, openStore } from './open-store.js';
export {
  ALL_USERS_ROLLUP_TABLE,
  EVENTS_TABLE,
  USER_ROLLUP_TABLE,
} from './schema/tables.js';
export {
  createKyselyStore,
  type KyselyStoreOptions,
  type KyselyUsageStore,
} from './store.js';
export type { StoreLocation } from './store-url.js';
export { parseStoreUrl } from './store-url.js';
