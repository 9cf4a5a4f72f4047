export type { RoutedRequest } from './endpoint.js';
export { routeEndpoint } from './endpoint.js';
