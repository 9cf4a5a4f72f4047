/**
 * The demo product's releases and what changed in each: the stories the
 * dashboard has to reveal.
 */
export interface ReleaseBehaviour {
  /** Where the per-user context goes in the validate prompt. */
  validateUserContext: 'after-cached-prefix' | 'before-system-prompt';
  /** The chat answer length the system prompt asks for, in words. */
  chatAnswerWords: number;
}

/** Every release of the demo product, oldest first. */
export const RELEASES: Readonly<Record<string, ReleaseBehaviour>> = {
  '2.3.0': { validateUserContext: 'after-cached-prefix', chatAnswerWords: 150 },
  // a prompt change asks for fuller chat answers: output doubles
  '2.3.1': { validateUserContext: 'after-cached-prefix', chatAnswerWords: 300 },
  // "personalise earlier": the user's profile moves ahead of the system prompt,
  // so the cached prefix differs per user and the cache stops hitting
  '2.4.0': {
    validateUserContext: 'before-system-prompt',
    chatAnswerWords: 300,
  },
};

/** The release the demo app runs at first. */
export const FIRST_RELEASE = '2.3.0';

/**
 * The running app's release, switched by a deploy. Read at request time so
 * each call is stamped with the release that made it.
 *
 * @example
 * ```ts
 * const release = new ReleaseState('2.3.0');
 * release.deploy('2.4.0');
 * ```
 */
export class ReleaseState {
  #current: string;

  constructor(initial: string = FIRST_RELEASE) {
    this.#current = checkRelease(initial);
  }

  get current(): string {
    return this.#current;
  }

  get behaviour(): ReleaseBehaviour {
    return RELEASES[this.#current] as ReleaseBehaviour;
  }

  deploy(release: string): void {
    this.#current = checkRelease(release);
  }
}

function checkRelease(release: string): string {
  if (!RELEASES[release]) {
    throw new Error(
      `Unknown demo release "${release}": use one of ${Object.keys(RELEASES).join(', ')}.`,
    );
  }

  return release;
}
