import { createHash } from 'node:crypto';

/**
 * A small deterministic PRNG (mulberry32): the same seed gives the same
 * sequence, so simulated answers are reproducible run after run.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * random(); // 0.6011037519201636, always
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed derived from any string (the first 4 bytes of its SHA-256). */
export function seedOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

const WORDS = [
  'the',
  'study',
  'reports',
  'a',
  'significant',
  'association',
  'between',
  'exposure',
  'and',
  'outcome',
  'in',
  'adults',
  'randomized',
  'trial',
  'cohort',
  'evidence',
  'suggests',
  'claim',
  'is',
  'partly',
  'supported',
  'by',
  'data',
  'however',
  'sample',
  'size',
  'was',
  'small',
  'confidence',
  'interval',
  'includes',
  'effect',
  'placebo',
  'dose',
  'patients',
  'with',
  'risk',
  'reduction',
  'of',
  'percent',
  'observed',
  'authors',
  'note',
  'limitations',
  'follow-up',
  'weeks',
  'primary',
  'endpoint',
  'not',
  'met',
];

/**
 * Writes `words` words of plausible paper-review prose, deterministic for
 * a given seed. Sentences end every 8 to 15 words.
 *
 * @example
 * ```ts
 * generateText(seedOf('request body'), 120);
 * ```
 */
export function generateText(seed: number, words: number): string {
  const random = seededRandom(seed);
  const parts: string[] = [];
  let sentenceLeft = 8 + Math.floor(random() * 8);

  for (let index = 0; index < words; index++) {
    const word = WORDS[Math.floor(random() * WORDS.length)] ?? 'the';
    sentenceLeft -= 1;
    const last = sentenceLeft === 0 || index === words - 1;
    parts.push(last ? `${word}.` : word);
    if (sentenceLeft === 0) sentenceLeft = 8 + Math.floor(random() * 8);
  }

  return parts.join(' ');
}

/**
 * How long the model's answer should be, read from the prompt like a real
 * model would follow it: "in about 200 words", "at most 80 words". The
 * default, when the prompt asks for no length, is `fallback` words.
 *
 * @example
 * ```ts
 * requestedWords('Answer in about 200 words.', 120); // 200
 * ```
 */
export function requestedWords(instructions: string, fallback: number): number {
  const match = LENGTH_HINT.exec(instructions);
  const words = match ? Number(match[1]) : fallback;

  return Math.min(Math.max(words, 1), 4_000);
}

const LENGTH_HINT =
  /\b(?:in|about|around|at most|under|within)\s+(?:about\s+)?(\d{1,4})\s+words\b/i;
