export { normalizeUsage } from './normalize.js';
