import { readFile } from 'node:fs/promises';
import {
  createCatalog,
  defaultCatalog,
  type PriceCatalog,
  type PriceEntryInput,
} from '@tokenledger/core';
import { CliError } from './cli-error.js';

/**
 * The catalog a command prices with: the built-in one, or the built-in one
 * extended with the entries of a JSON file (an array of `PriceEntryInput`,
 * or `{ "entries": [...] }` as `prices import-litellm` writes it).
 *
 * @example
 * ```ts
 * const catalog = await loadCatalog('./prices.json');
 * ```
 */
export async function loadCatalog(file?: string): Promise<PriceCatalog> {
  if (file === undefined) return defaultCatalog;

  const entries = entriesOf(await readJsonFile(file), file);

  return createCatalog(entries, { extends: defaultCatalog });
}

/** Reads and parses a JSON file, with messages that name the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      'FAILED',
      `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the path.`,
      { cause: error },
    );
  }

  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      'FAILED',
      `${file} is not valid JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
}

function entriesOf(json: unknown, file: string): PriceEntryInput[] {
  const list = Array.isArray(json)
    ? json
    : (json as { entries?: unknown })?.entries;
  if (Array.isArray(list)) return list as PriceEntryInput[];

  throw new CliError(
    'FAILED',
    `${file} holds no price entries: use a JSON array of entries or { "entries": [...] }, e.g. the output of tokenledger prices import-litellm.`,
  );
}
