import { TokenledgerError } from '../errors.js';
import { CompiledEntry } from './compiled-entry.js';
import { canonicalProvider, modelIdForms, vendorsOf } from './resolve.js';
import type {
  PriceCatalog,
  PriceEntry,
  PriceEntryInput,
  ResolvedModel,
} from './types.js';
import { parseInstant, validateEntries } from './validate.js';

/**
 * Options for {@link createCatalog}.
 *
 * @example
 * ```ts
 * const options: CreateCatalogOptions = {
 *   extends: defaultCatalog,
 *   aliases: { azure: { 'prod-chat': 'gpt-4o' } },
 * };
 * ```
 */
export interface CreateCatalogOptions {
  /**
   * A catalog whose entries are kept: an entry given here replaces the one
   * of the same model and effective date, and a later-dated one takes over
   * from its date on.
   */
  extends?: PriceCatalog;
  /**
   * Ids of your own that stand for a catalog model, by provider, e.g. Azure
   * deployment names: `{ azure: { 'prod-chat': 'gpt-4o' } }`.
   */
  aliases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What a lookup found: the entry in force and how the id mapped. */
export interface CatalogMatch {
  compiled: CompiledEntry;
  canonicalModel: string;
  bedrockRegional: boolean;
}

interface AliasTarget {
  model: string;
  fromMs: number;
  /** The model's entries, oldest first (shared with `byModel`). */
  entries: CompiledEntry[];
}

interface ResolvedIds {
  targets: readonly AliasTarget[];
  bedrockRegional: boolean;
}

const MAX_CACHED_IDS = 10_000;
const MAX_CACHED_PROVIDERS = 100;

/** The catalog behind `createCatalog`, with a per-id resolution cache. */
export class Catalog implements PriceCatalog {
  readonly entries: readonly PriceEntry[];
  readonly userAliases: NonNullable<CreateCatalogOptions['aliases']>;
  private readonly byModel = new Map<string, CompiledEntry[]>();
  private readonly aliasIndex = new Map<string, AliasTarget[]>();
  private readonly cache = new Map<string, Map<string, ResolvedIds | null>>();

  constructor(
    entries: readonly PriceEntry[],
    userAliases: CreateCatalogOptions['aliases'],
  ) {
    this.userAliases = userAliases ?? {};
    for (const entry of entries) this.addEntry(entry);
    for (const list of this.byModel.values())
      list.sort((a, b) => a.entry.fromMs - b.entry.fromMs);
    this.entries = [...this.byModel.values()].flatMap((list) =>
      list.map((compiled) => compiled.entry),
    );
    for (const [provider, map] of Object.entries(userAliases ?? {})) {
      for (const [alias, model] of Object.entries(map)) {
        this.addUserAlias(canonicalProvider(provider), alias, model);
      }
    }
  }

  resolve(provider: string, model: string, at?: Date): ResolvedModel | null {
    const match = this.match(provider, model, at?.getTime() ?? Date.now());

    return (
      match && {
        canonicalModel: match.canonicalModel,
        bedrockRegional: match.bedrockRegional,
      }
    );
  }

  find(provider: string, model: string, at?: Date): PriceEntry | null {
    return (
      this.match(provider, model, at?.getTime() ?? Date.now())?.compiled
        .entry ?? null
    );
  }

  history(canonicalModel: string): readonly PriceEntry[] {
    const id = canonicalModel.trim().toLowerCase();
    const found = [...this.byModel.entries()].find(([key]) =>
      key.endsWith(`/${id}`),
    );

    return found ? found[1].map((compiled) => compiled.entry) : [];
  }

  /** The entry in force for a provider's model id at `atMs`, or null. */
  match(provider: string, model: string, atMs: number): CatalogMatch | null {
    const resolved = this.resolveIds(provider, model);
    if (!resolved) return null;

    const target = targetAt(resolved.targets, atMs);
    if (!target) return null;
    const compiled = entryAt(target.entries, atMs);
    if (!compiled) return null;

    return {
      compiled,
      canonicalModel: target.model,
      bedrockRegional: resolved.bedrockRegional,
    };
  }

  private resolveIds(provider: string, model: string): ResolvedIds | null {
    let byId = this.cache.get(provider);
    if (!byId) {
      if (this.cache.size >= MAX_CACHED_PROVIDERS) this.cache.clear();
      byId = new Map();
      this.cache.set(provider, byId);
    }

    const cached = byId.get(model);
    if (cached !== undefined) return cached;

    if (byId.size >= MAX_CACHED_IDS) byId.clear();
    const resolved = this.lookup(canonicalProvider(provider), model);
    byId.set(model, resolved);

    return resolved;
  }

  private lookup(platform: string, model: string): ResolvedIds | null {
    const forms = modelIdForms(platform, model);

    for (const vendor of vendorsOf(platform)) {
      for (const candidate of forms.candidates) {
        const targets = this.aliasIndex.get(`${vendor}/${candidate}`);
        if (targets)
          return {
            targets,
            bedrockRegional: platform === 'bedrock' && forms.bedrockRegional,
          };
      }
    }

    return null;
  }

  private addEntry(entry: PriceEntry): void {
    const key = `${entry.provider}/${entry.model}`;
    const list = this.byModel.get(key) ?? [];
    const sameDate = list.findIndex(
      (compiled) => compiled.entry.fromMs === entry.fromMs,
    );
    if (sameDate >= 0) list.splice(sameDate, 1);
    list.push(new CompiledEntry(entry));
    this.byModel.set(key, list);

    this.addAlias(entry.provider, entry.model, {
      model: entry.model,
      fromMs: -Infinity,
      entries: list,
    });
    for (const alias of entry.aliases ?? []) {
      const id = typeof alias === 'string' ? alias : alias.id;
      const fromMs =
        typeof alias === 'string'
          ? -Infinity
          : (parseInstant(alias.from) ?? -Infinity);
      this.addAlias(entry.provider, id, {
        model: entry.model,
        fromMs,
        entries: list,
      });
    }
  }

  /** Maps a user's name (an Azure deployment) to a model; throws when unknown. */
  private addUserAlias(platform: string, alias: string, model: unknown): void {
    const id = typeof model === 'string' ? model.trim().toLowerCase() : '';
    for (const vendor of id ? vendorsOf(platform) : []) {
      const targets = this.aliasIndex.get(`${vendor}/${id}`);
      if (targets) {
        this.aliasIndex.set(
          `${platform}/${alias.trim().toLowerCase()}`,
          targets,
        );
        return;
      }
    }

    throw new TokenledgerError(
      'INVALID_CATALOG',
      `The alias ${JSON.stringify(alias)} of provider ${JSON.stringify(platform)} points at the model ${JSON.stringify(model)}, which the catalog has no entry for; point it at a catalog model id (e.g. 'gpt-4o') or add an entry for that model.`,
      { details: { provider: platform, alias, model } },
    );
  }

  private addAlias(provider: string, alias: string, target: AliasTarget): void {
    const key = `${provider}/${alias.trim().toLowerCase()}`;
    const targets = (this.aliasIndex.get(key) ?? []).filter(
      (existing) => existing.fromMs !== target.fromMs,
    );
    targets.push(target);
    targets.sort((a, b) => a.fromMs - b.fromMs);
    this.aliasIndex.set(key, targets);
  }
}

/** The alias target that had moved to its model by `atMs`. */
function targetAt(
  targets: readonly AliasTarget[],
  atMs: number,
): AliasTarget | undefined {
  for (let index = targets.length - 1; index >= 0; index -= 1) {
    const target = targets[index] as AliasTarget;
    if (target.fromMs <= atMs) return target;
  }

  return undefined;
}

/** The entry in force at `atMs`: the latest start, unless it has ended. */
function entryAt(
  entries: readonly CompiledEntry[],
  atMs: number,
): CompiledEntry | undefined {
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const compiled = entries[index] as CompiledEntry;
    if (compiled.entry.fromMs <= atMs) {
      return compiled.entry.toMs > atMs ? compiled : undefined;
    }
  }

  return undefined;
}

/**
 * Builds a price catalog from entries, optionally on top of another one.
 * Entries are validated at load: a negative price, a missing input or
 * output price, overlapping dates for one model or a tier threshold that is
 * not positive throws a `TokenledgerError` (`INVALID_CATALOG`) naming the
 * entry; so does an alias whose model the catalog has no entry for, naming
 * the alias and the model.
 *
 * @example
 * ```ts
 * const catalog = createCatalog(
 *   [{
 *     provider: 'anthropic', model: 'claude-sonnet-4-5', effectiveFrom: '2026-11-01',
 *     prices: { input: '2.4', output: '12', cacheRead: '0.24', cacheWrite: '3', cacheWrite1h: '4.8' },
 *     batchMultiplier: '0.5',
 *     source: { url: 'https://example.com/contract', checked: '2026-11-01' },
 *   }],
 *   { extends: defaultCatalog, aliases: { azure: { 'prod-chat': 'gpt-4o' } } },
 * );
 * ```
 * @see docs/pricing.md
 */
export function createCatalog(
  entries: readonly PriceEntryInput[],
  options: CreateCatalogOptions = {},
): PriceCatalog {
  const own = validateEntries(entries);
  const base = options.extends?.entries ?? [];
  const inherited =
    options.extends instanceof Catalog ? options.extends.userAliases : {};

  return new Catalog(
    [...base, ...own],
    mergeAliases(inherited, options.aliases ?? {}),
  );
}

function mergeAliases(
  base: NonNullable<CreateCatalogOptions['aliases']>,
  own: NonNullable<CreateCatalogOptions['aliases']>,
): NonNullable<CreateCatalogOptions['aliases']> {
  const merged: Record<string, Record<string, string>> = {};
  for (const [provider, map] of [
    ...Object.entries(base),
    ...Object.entries(own),
  ]) {
    merged[provider] = { ...merged[provider], ...map };
  }

  return merged;
}
