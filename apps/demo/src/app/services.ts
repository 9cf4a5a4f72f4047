import { claim, paper } from '../papers/corpus.js';
import { minimalPdf } from '../papers/pdf.js';
import { seedOf } from '../simulator/text.js';
import type { DemoClients } from './clients.js';
import {
  chatRequest,
  summarizeRequestAnthropic,
  summarizeRequestOpenAI,
  validateRequest,
} from './prompts.js';
import type { ReleaseBehaviour } from './release.js';

/**
 * Validates claim `claimId` against its paper with Claude Sonnet, streaming
 * the verdict's text to `onText` as it arrives.
 */
export async function validateClaim(
  clients: DemoClients,
  claimId: number,
  userId: string,
  behaviour: ReleaseBehaviour,
  onText: (text: string) => void,
): Promise<{ stopReason: string | null }> {
  const target = claim(claimId);
  const body = validateRequest(
    target,
    paper(target.paperId),
    userId,
    behaviour,
  );
  const stream = clients.anthropic.messages.stream(body);

  stream.on('text', onText);
  const message = await stream.finalMessage();

  return { stopReason: message.stop_reason };
}

/** Which model summarizes for a user: a third of the accounts use GPT-4.1 mini. */
export function summarizerOf(
  userId: string,
): 'claude-haiku-4-5' | 'gpt-4.1-mini' {
  return seedOf(`summarizer:${userId}`) % 3 === 0
    ? 'gpt-4.1-mini'
    : 'claude-haiku-4-5';
}

/** Summarizes paper `paperId` with the user's summarizer model. */
export async function summarizePaper(
  clients: DemoClients,
  paperId: number,
  userId: string,
): Promise<{ model: string; summary: string }> {
  const target = paper(paperId);

  if (summarizerOf(userId) === 'gpt-4.1-mini') {
    const completion = await clients.openai.chat.completions.create(
      summarizeRequestOpenAI(target),
    );
    return {
      model: completion.model,
      summary: completion.choices[0]?.message.content ?? '',
    };
  }

  const message = await clients.anthropic.messages.create(
    summarizeRequestAnthropic(target),
  );
  const block = message.content[0];
  return {
    model: message.model,
    summary: block?.type === 'text' ? block.text : '',
  };
}

/** Runs Mistral OCR over paper `paperId`'s PDF (billed per page). */
export async function ocrPaper(
  clients: DemoClients,
  paperId: number,
): Promise<{ pages: number }> {
  const target = paper(paperId);
  const pageTexts = Array.from(
    { length: target.pages },
    (_, index) => `${target.title}, page ${index + 1}`,
  );
  const pdf = minimalPdf(pageTexts).toString('base64');

  const result = await clients.mistral.ocr.process({
    model: 'mistral-ocr-latest',
    document: {
      type: 'document_url',
      documentUrl: `data:application/pdf;base64,${pdf}`,
    },
  });

  return { pages: result.usageInfo.pagesProcessed };
}

/** Embeds a search query with OpenAI's text-embedding-3-small. */
export async function embedQuery(
  clients: DemoClients,
  query: string,
): Promise<{ dimensions: number }> {
  const result = await clients.openai.embeddings.create({
    model: 'text-embedding-3-small',
    input: query,
  });

  return { dimensions: result.data[0]?.embedding.length ?? 0 };
}

/** Answers a question with GPT-5 (reasoning effort low). */
export async function answerQuestion(
  clients: DemoClients,
  question: string,
  behaviour: ReleaseBehaviour,
): Promise<{ answer: string }> {
  const completion = await clients.openai.chat.completions.create(
    chatRequest(question, behaviour),
  );

  return { answer: completion.choices[0]?.message.content ?? '' };
}
