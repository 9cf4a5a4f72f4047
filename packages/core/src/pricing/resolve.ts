/** Platform spellings accepted for each provider id. */
const PROVIDER_SPELLINGS: Readonly<Record<string, string>> = {
  'aws-bedrock': 'bedrock',
  'amazon-bedrock': 'bedrock',
  'bedrock-runtime': 'bedrock',
  'google-vertex': 'vertex',
  'vertex-ai': 'vertex',
  vertexai: 'vertex',
  'google-vertex-ai': 'vertex',
  'azure-openai': 'azure',
  'azure-ai': 'azure',
  gemini: 'google',
  'google-ai': 'google',
  'google-genai': 'google',
  mistralai: 'mistral',
};

/** The vendors whose prices each platform serves, searched in order. */
const PLATFORM_VENDORS: Readonly<Record<string, readonly string[]>> = {
  bedrock: ['anthropic', 'mistral', 'openai'],
  vertex: ['anthropic', 'google', 'mistral'],
  azure: ['openai', 'mistral'],
};

// Bedrock cross-region inference profiles; `global.` is priced at list.
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
const BEDROCK_PROFILE = /^(global|us-gov|us|eu|apac|jp|au|ca)\./;
const BEDROCK_ARN = /^arn:aws[\w-]*:bedrock:[^:]*:[^:]*:[\w-]+\//;
const BEDROCK_VERSION = /(-v\d+)?(:\d+)?$/;
const VENDOR_PREFIX = /^(anthropic|mistral|openai|google|meta|amazon)[./]/;
const PUBLISHER_PATH = /^(projects\/.+\/)?publishers\/[\w-]+\/models\//;
const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** A provider id in canonical form: `aws-bedrock` becomes `bedrock`. */
export function canonicalProvider(provider: string): string {
  const id = provider.trim().toLowerCase();

  return PROVIDER_SPELLINGS[id] ?? id;
}

/** Where to look for a model: catalog providers, in order. */
export function vendorsOf(platform: string): readonly string[] {
  return [platform, ...(PLATFORM_VENDORS[platform] ?? [])];
}

/** A model id reduced to the forms the catalog indexes. */
export interface ModelIdForms {
  /** The id as written (trimmed, lower case, prefixes removed), then undated. */
  candidates: string[];
  /** A Bedrock id that is not a `global.` profile. */
  bedrockRegional: boolean;
}

/**
 * Reduces a provider's model id to catalog forms: case and whitespace,
 * `models/` and Vertex publisher paths, Bedrock ARNs, inference-profile
 * prefixes, vendor prefixes and `-v1:0` versions, Vertex `@date` versions.
 */
export function modelIdForms(platform: string, model: string): ModelIdForms {
  let id = model
    .trim()
    .toLowerCase()
    .replace(/^models\//, '');
  let bedrockRegional = false;

  id = id.replace(PUBLISHER_PATH, '');
  if (platform === 'bedrock') {
    id = id.replace(BEDROCK_ARN, '');
    const profile = BEDROCK_PROFILE.exec(id)?.[1];
    bedrockRegional = profile !== 'global';
    id = id.replace(BEDROCK_PROFILE, '').replace(BEDROCK_VERSION, '');
  }
  id = id.replace(VENDOR_PREFIX, '');
  id = id.replace(/@(default|latest)$/, '').replace(/@(\d{8})$/, '-$1');

  const undated = id.replace(DATE_SUFFIX, '');

  return {
    candidates: undated === id ? [id] : [id, undated],
    bedrockRegional,
  };
}
