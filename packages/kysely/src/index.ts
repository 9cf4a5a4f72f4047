export type { StoreLocation } from './store-url.js';
export { parseStoreUrl } from './store-url.js';
