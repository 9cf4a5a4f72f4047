export { TokenledgerInterceptor } from './interceptor.js';
export type { TokenledgerModuleAsyncOptions } from './module.js';
export { TokenledgerModule } from './module.js';
export type { TokenledgerModuleOptions, TrackerLike } from './options.js';
export { TOKENLEDGER_OPTIONS } from './tokens.js';
export { InjectTracker, Tracker } from './tracker-token.js';
export {
  readUsageEndpoint,
  USAGE_ENDPOINT_METADATA,
  UsageEndpoint,
} from './usage-endpoint.js';
