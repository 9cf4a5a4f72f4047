/**
 * The stop reasons that mean "the response hit its max-tokens limit", per
 * provider: Anthropic and Bedrock `max_tokens`, OpenAI chat and Mistral
 * `length`, the Responses API `max_output_tokens` (in `incomplete_details`),
 * Gemini `MAX_TOKENS`.
 */
const MAX_TOKENS_STOP_REASONS = new Set([
  'max_tokens',
  'length',
  'max_output_tokens',
  'MAX_TOKENS',
]);

/**
 * Whether a stop reason says the output was cut at the max-tokens limit;
 * `undefined` when the reason is unknown.
 *
 * @example
 * ```ts
 * isMaxTokensStop('length'); // true
 * isMaxTokensStop('end_turn'); // false
 * isMaxTokensStop(undefined); // undefined
 * ```
 */
export function isMaxTokensStop(
  stopReason: string | undefined,
): boolean | undefined {
  if (stopReason === undefined) return undefined;

  return MAX_TOKENS_STOP_REASONS.has(stopReason);
}
