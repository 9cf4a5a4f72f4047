import { tokenize } from './tokens.js';

/**
 * The prompt of a chat completion as tokens, in the order the model reads
 * it: the tool definitions, then each message as 3 framing tokens (start,
 * role, separator) plus its content, then 3 tokens priming the reply. The
 * framing follows OpenAI's cookbook count for its chat models.
 * @see https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken
 */
export function chatPromptTokens(body: Record<string, unknown>): string[] {
  const tokens: string[] = [];
  const messages = Array.isArray(body.messages) ? body.messages : [];

  if (Array.isArray(body.tools) && body.tools.length > 0) {
    tokens.push(...tokenize(JSON.stringify(body.tools)));
  }

  for (const message of messages as Array<Record<string, unknown>>) {
    tokens.push('<|start|>', String(message.role), '<|message|>');
    tokens.push(...tokenize(contentText(message.content)));
  }

  tokens.push('<|start|>', 'assistant', '<|message|>');
  return tokens;
}

/** The text of the system/developer messages and of the last user message. */
export function chatInstructions(body: Record<string, unknown>): string {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Array<
    Record<string, unknown>
  >;
  const system = messages.filter(
    (message) => message.role === 'system' || message.role === 'developer',
  );
  const lastUser = messages.filter((message) => message.role === 'user').at(-1);

  return [...system, ...(lastUser ? [lastUser] : [])]
    .map((message) => contentText(message.content))
    .join('\n');
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';

  return content
    .map((part: Record<string, unknown>) =>
      typeof part.text === 'string' ? part.text : JSON.stringify(part),
    )
    .join('\n');
}
