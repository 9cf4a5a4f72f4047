/**
 * Gemini's usage field names: camelCase on the wire and in @google/genai,
 * snake_case in dumps of the Python SDK. Labels are built once here so the
 * hot path never allocates an error string.
 */
const CAMEL_NAMES = {
  prompt: 'promptTokenCount',
  cached: 'cachedContentTokenCount',
  candidates: 'candidatesTokenCount',
  thoughts: 'thoughtsTokenCount',
  toolUse: 'toolUsePromptTokenCount',
  promptDetails: 'promptTokensDetails',
  cacheDetails: 'cacheTokensDetails',
  candidatesDetails: 'candidatesTokensDetails',
  toolUseDetails: 'toolUsePromptTokensDetails',
  tokenCount: 'tokenCount',
} as const;

type Names = Record<keyof typeof CAMEL_NAMES, string>;

const SNAKE_NAMES: Names = {
  prompt: 'prompt_token_count',
  cached: 'cached_content_token_count',
  candidates: 'candidates_token_count',
  thoughts: 'thoughts_token_count',
  toolUse: 'tool_use_prompt_token_count',
  promptDetails: 'prompt_tokens_details',
  cacheDetails: 'cache_tokens_details',
  candidatesDetails: 'candidates_tokens_details',
  toolUseDetails: 'tool_use_prompt_tokens_details',
  tokenCount: 'token_count',
};

/** A modality breakdown list and the total it breaks down. */
export type DetailList =
  | 'promptDetails'
  | 'cacheDetails'
  | 'candidatesDetails'
  | 'toolUseDetails';

/** Field names of one naming style, with labels for error messages. */
export interface GeminiKeys {
  readonly name: Names;
  readonly label: Names;
  /** Label of one entry's count in each breakdown list. */
  readonly entry: Record<DetailList, string>;
  /** Label of the AUDIO share of each breakdown list. */
  readonly audio: Record<DetailList, string>;
  readonly inputSum: string;
  readonly outputSum: string;
}

function keysFor(container: string, name: Names): GeminiKeys {
  const label = {} as Names;
  for (const key of Object.keys(name) as (keyof Names)[]) {
    label[key] = `${container}.${name[key]}`;
  }

  const lists: DetailList[] = [
    'promptDetails',
    'cacheDetails',
    'candidatesDetails',
    'toolUseDetails',
  ];
  const entry = {} as Record<DetailList, string>;
  const audio = {} as Record<DetailList, string>;
  for (const list of lists) {
    entry[list] = `${label[list]}[].${name.tokenCount}`;
    audio[list] = `the AUDIO entries of ${label[list]}`;
  }

  return {
    name,
    label,
    entry,
    audio,
    inputSum: `${label.prompt} - ${name.cached} + ${name.toolUse}`,
    outputSum: `${label.candidates} + ${name.thoughts}`,
  };
}

/** camelCase names, as on the wire. */
export const CAMEL_KEYS = keysFor('usageMetadata', CAMEL_NAMES);

/** snake_case names, as in Python SDK dumps. */
export const SNAKE_KEYS = keysFor('usage_metadata', SNAKE_NAMES);

/** [wire name, snake_case name] of every field, for renaming dumps. */
export const SNAKE_TO_CAMEL: readonly (readonly [string, string])[] = (
  Object.keys(CAMEL_NAMES) as (keyof Names)[]
)
  .filter((key) => key !== 'tokenCount')
  .map((key) => [CAMEL_NAMES[key], SNAKE_NAMES[key]] as const);
