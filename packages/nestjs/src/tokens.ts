/** The injection token of the module's {@link TokenledgerModuleOptions}. */
export const TOKENLEDGER_OPTIONS = Symbol.for('tokenledger:options');
