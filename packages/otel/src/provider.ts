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
 * Vercel AI SDK provider families (the part of `model.provider` before the
 * first dot, e.g. `anthropic.messages`) that are not already tokenledger ids.
 */
const AI_SDK_FAMILIES: Record<string, string> = {
  'amazon-bedrock': 'bedrock',
  'google-vertex': 'vertex',
  vertex: 'vertex',
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

/**
 * Maps a Vercel AI SDK provider string (`ai.model.provider`, also sent as
 * `gen_ai.system`) to a tokenledger provider id: `anthropic.messages` is
 * `anthropic`, `google.vertex.chat` is `vertex`, `amazon-bedrock` is
 * `bedrock`. Other families are kept as they are (`openai`, `mistral`,
 * `groq`…); the catalog prices what it knows and leaves the rest unpriced.
 *
 * @example
 * ```ts
 * providerFromAiSdk('google.vertex.chat'); // 'vertex'
 * ```
 */
export function providerFromAiSdk(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;

  const [family = '', second] = value.trim().toLowerCase().split('.');
  if (family === 'google' && second === 'vertex') return 'vertex';

  return AI_SDK_FAMILIES[family] ?? providerFromGenAi(family) ?? family;
}
