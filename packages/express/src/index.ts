export type { CloseServerOptions } from './close-server.js';
export { closeServer } from './close-server.js';
export type { RequestCost } from './cost-summary.js';
export { costHeaderValue } from './cost-summary.js';
export type { RoutedRequest } from './endpoint.js';
export { routeEndpoint } from './endpoint.js';
export type { TokenledgerMiddlewareOptions } from './middleware.js';
export { tokenledger } from './middleware.js';
export { COST_HEADER, COST_LOCALS_KEY } from './options.js';
