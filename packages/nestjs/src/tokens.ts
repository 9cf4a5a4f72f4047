/**
 * The injection token of the module's options, e.g. for a provider that
 * needs the same `user` function.
 *
 * @example
 * ```ts
 * constructor(@Inject(TOKENLEDGER_OPTIONS) options: TokenledgerModuleOptions) {}
 * ```
 */
export const TOKENLEDGER_OPTIONS = Symbol.for('tokenledger:options');
