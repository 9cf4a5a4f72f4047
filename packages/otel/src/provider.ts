/**
 * GenAI semantic-convention provider names (`gen_ai.provider.name`, and the
 * older `gen_ai.system`) mapped to tokenledger provider ids. Source: the
 * OpenTelemetry GenAI semantic conventions, "gen_ai.provider.name" values.
 */
const PROVIDER_IDS: Record<string, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  'azure.ai.openai': 'azure',
  az_ai_openai: 'azure',
  'aws.bedrock': 'bedrock',
  aws_bedrock: 'bedrock',
  'gcp.gemini': 'google',
  'gcp.gen_ai': 'google',
  'gcp.vertex_ai': 'vertex',
  gemini: 'google',
  vertex_ai: 'vertex',
  mistral_ai: 'mistral',
  mistralai: 'mistral',
};

/**
 * Maps a GenAI span's provider attribute to a tokenledger provider id, or
 * `undefined` when the value is not a known provider.
 *
 * @example
 * ```ts
 * providerFromGenAi('aws.bedrock'); // 'bedrock'
 * ```
 */
export function providerFromGenAi(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;

  return PROVIDER_IDS[value.trim().toLowerCase()];
}
