export {
  readUsageEndpoint,
  USAGE_ENDPOINT_METADATA,
  UsageEndpoint,
} from './usage-endpoint.js';
