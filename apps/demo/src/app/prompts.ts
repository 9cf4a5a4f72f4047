import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import type { Claim, Paper } from '../papers/corpus.js';
import { generateText, seededRandom, seedOf } from '../simulator/text.js';
import type { ReleaseBehaviour } from './release.js';

/** The long, stable instructions of the validate endpoint (~2,200 tokens). */
export const VALIDATION_GUIDE = [
  'You are a careful medical fact-checker. For each claim, decide whether the cited paper supports it, contradicts it, or is silent.',
  'Quote the passage you rely on, name the study design, the population, the sample size and the effect size with its confidence interval.',
  'Flag overreach: a correlation reported as causation, a surrogate endpoint reported as a clinical outcome, a subgroup reported as the whole.',
  'Answer in about 120 words, then give a one-word verdict.',
  'Reference notes follow.',
  generateText(seedOf('validation-guide'), 1_750),
].join('\n');

/** The chat assistant's instructions (~1,300 tokens), minus the length rule. */
const CHAT_GUIDE = [
  'You are a research assistant for clinicians. Explain what the evidence says, with its strength and its gaps, in plain language.',
  generateText(seedOf('chat-guide'), 1_000),
].join('\n');

/** The summarize endpoint's instructions. */
const SUMMARY_GUIDE =
  'Summarize the paper for a busy clinician: question, design, population, main result with effect size, limitations. Answer in about 180 words.';

/**
 * A user's profile line, the per-user context of a prompt: who reads the
 * answer and how they want it.
 *
 * @example
 * ```ts
 * userProfile('u_042'); // 'Reader u_042: a cardiology nurse who prefers …'
 * ```
 */
export function userProfile(userId: string): string {
  const random = seededRandom(seedOf(`user:${userId}`));
  const role = ['physician', 'nurse', 'pharmacist', 'journalist', 'researcher'];
  const tone = ['plain language', 'technical detail', 'bullet points'];
  const pick = (items: string[]) => items[Math.floor(random() * items.length)];

  return `Reader ${userId}: a ${pick(role)} who prefers ${pick(tone)}.`;
}

/**
 * The validate request. The guide is cached for an hour and the paper for
 * five minutes; the user's profile and the claim come after them, unless
 * the release puts the profile first (2.4.0), which makes every cached
 * prefix user-specific.
 *
 * @example
 * ```ts
 * const body = validateRequest(claim(3), paper(12), 'u_042', RELEASES['2.3.0']);
 * ```
 */
export function validateRequest(
  claim: Claim,
  paper: Paper,
  userId: string,
  behaviour: ReleaseBehaviour,
): Anthropic.MessageCreateParamsNonStreaming {
  const profile = userProfile(userId);
  const cached: Anthropic.TextBlockParam[] = [
    {
      type: 'text',
      text: VALIDATION_GUIDE,
      cache_control: { type: 'ephemeral', ttl: '1h' },
    },
    {
      type: 'text',
      text: `Paper ${paper.id}: ${paper.title}\n${paper.context}`,
      cache_control: { type: 'ephemeral', ttl: '5m' },
    },
  ];
  const first = behaviour.validateUserContext === 'before-system-prompt';

  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1_024,
    system: first ? [{ type: 'text', text: profile }, ...cached] : cached,
    messages: [
      {
        role: 'user',
        content: first ? claim.text : `${profile}\n${claim.text}`,
      },
    ],
  };
}

/** The summarize request for Claude Haiku 4.5 (no cache: under its 4,096-token minimum). */
export function summarizeRequestAnthropic(
  paper: Paper,
): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 600,
    system: [
      {
        type: 'text',
        text: SUMMARY_GUIDE,
        cache_control: { type: 'ephemeral' },
      },
    ],
    messages: [{ role: 'user', content: `${paper.title}\n${paper.context}` }],
  };
}

/** The summarize request for GPT-4.1 mini. */
export function summarizeRequestOpenAI(
  paper: Paper,
): OpenAI.ChatCompletionCreateParamsNonStreaming {
  return {
    model: 'gpt-4.1-mini',
    max_completion_tokens: 600,
    messages: [
      { role: 'system', content: SUMMARY_GUIDE },
      { role: 'user', content: `${paper.title}\n${paper.context}` },
    ],
  };
}

/** The chat request: GPT-5 with reasoning, answer length set by the release. */
export function chatRequest(
  question: string,
  behaviour: ReleaseBehaviour,
): OpenAI.ChatCompletionCreateParamsNonStreaming {
  return {
    model: 'gpt-5',
    reasoning_effort: 'low',
    messages: [
      {
        role: 'developer',
        content: `${CHAT_GUIDE}\nAnswer in about ${behaviour.chatAnswerWords} words.`,
      },
      { role: 'user', content: question },
    ],
  };
}
