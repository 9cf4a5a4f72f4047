export { providerFromGenAi } from './provider.js';
