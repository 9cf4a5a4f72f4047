/** `word` repeated `count` times: `count` tokens when `word` has ≤ 6 letters. */
export function words(word: string, count: number): string {
  return Array.from({ length: count }, () => word).join(' ');
}
