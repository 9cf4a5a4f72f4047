import { generateText, seededRandom, seedOf } from '../simulator/text.js';

/** A research paper the product checks claims against. */
export interface Paper {
  id: number;
  title: string;
  specialty: string;
  /** Number of pages of the PDF. */
  pages: number;
  /** The text given to the model as context (abstract and key results). */
  context: string;
}

/** A medical claim to validate, citing one paper. */
export interface Claim {
  id: number;
  paperId: number;
  text: string;
}

/** Papers in the demo library. */
export const PAPER_COUNT = 60;

/** Claims users submit for validation. */
export const CLAIM_COUNT = 400;

const SPECIALTIES = [
  'cardiology',
  'oncology',
  'nutrition',
  'neurology',
  'endocrinology',
  'infectious disease',
];

const TOPICS = [
  'omega-3 supplementation',
  'intermittent fasting',
  'statin therapy',
  'vitamin D',
  'high-intensity interval training',
  'mediterranean diet',
  'melatonin',
  'probiotics',
  'low-dose aspirin',
  'green tea extract',
];

/**
 * Paper `id` (1..{@link PAPER_COUNT}), the same on every run: its context is
 * 900 to 2,700 words, its PDF 6 to 29 pages.
 *
 * @example
 * ```ts
 * paper(7).context.length; // always the same
 * ```
 */
export function paper(id: number): Paper {
  const random = seededRandom(seedOf(`paper:${id}`));
  const specialty = pick(SPECIALTIES, random);
  const topic = pick(TOPICS, random);
  const words = 900 + Math.floor(random() * 1800);

  return {
    id,
    title: `Effects of ${topic} on outcomes in ${specialty}: study ${id}`,
    specialty,
    pages: 6 + Math.floor(random() * 24),
    context: generateText(seedOf(`paper-text:${id}`), words),
  };
}

/**
 * Claim `id` (1..{@link CLAIM_COUNT}); claims cite papers unevenly, so a
 * few popular papers get most validations.
 *
 * @example
 * ```ts
 * claim(12).paperId; // a paper id between 1 and 60
 * ```
 */
export function claim(id: number): Claim {
  const random = seededRandom(seedOf(`claim:${id}`));
  const paperId = 1 + Math.floor(PAPER_COUNT * random() ** 2);
  const topic = pick(TOPICS, random);

  return {
    id,
    paperId,
    text: `Claim ${id}: ${topic} ${pick(EFFECTS, random)}, according to study ${paperId}.`,
  };
}

const EFFECTS = [
  'halves the risk of a second heart attack',
  'reverses early cognitive decline',
  'cures seasonal depression',
  'doubles muscle recovery speed',
  'prevents type 2 diabetes in adults over 50',
  'reduces tumour growth by 30 percent',
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}
