export {
  compareProviderCost,
  type EventCostFields,
  eventCostFields,
  type ProviderCostComparison,
  type RepricedEvent,
  repriceEvents,
} from './audit.js';
export { type CreateCatalogOptions, createCatalog } from './catalog.js';
export { defaultCatalog } from './default-catalog.js';
export {
  type ImportLiteLLMOptions,
  importLiteLLMPrices,
  type LiteLLMImport,
  litellmEntries,
  type SkippedRow,
} from './litellm.js';
export { type PriceUsageInput, priceUsage } from './price.js';
export { resolveModel } from './resolve-model.js';
export type {
  Cost,
  ModelAlias,
  PriceCatalog,
  PricedCost,
  PriceEntry,
  PriceEntryInput,
  PriceSource,
  PriceTierInput,
  ResolvedModel,
  TokenPrices,
  UnitPrices,
  UnpricedCost,
} from './types.js';
