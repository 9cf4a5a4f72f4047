import { ApiError, getJson } from './api.js';
import { el } from './dom.js';
import { percent, usd, usdDelta } from './format.js';
import type { CacheAnswer, ExplainAnswer } from './types.js';

const DRIVER_LABELS: Record<string, string> = {
  volume: 'Volume',
  promptSize: 'Prompt size',
  cacheMix: 'Caching',
  outputSize: 'Output size',
  unitSize: 'Pages per call',
  price: 'Price and model mix',
};

/** Renders "Why did cost change?": sentences and a driver bar chart. */
export async function renderExplain(
  container: HTMLElement,
  query: URLSearchParams,
  releases: string[],
  around: string,
  onAround: (release: string) => void,
): Promise<void> {
  const select = el(
    'select',
    { attrs: { name: 'around', 'aria-label': 'Compare' } },
    [
      el('option', {
        text: 'against the previous period',
        attrs: { value: '' },
      }),
      ...releases.map((release) =>
        el('option', {
          text: `before and after release ${release}`,
          attrs: { value: release },
        }),
      ),
    ],
  );
  select.value = around;
  select.addEventListener('change', () => onAround(select.value));
  const body = el('div');
  container.replaceChildren(el('p', {}, ['Compare ', select]), body);

  const params = new URLSearchParams(query);
  if (around) params.set('around', around);

  try {
    const answer = await getJson<ExplainAnswer>('api/explain', params);
    body.replaceChildren(...explanation(answer));
  } catch (error) {
    body.replaceChildren(unavailable(error));
  }
}

function explanation(answer: ExplainAnswer): HTMLElement[] {
  const { drivers, sentences, totalChangeUsdPerDay } = answer.explanation;
  const largest = Math.max(
    ...drivers.map((d) => Math.abs(Number(d.usdPerDay))),
    1e-12,
  );

  return [
    el('p', {
      className: 'total',
      text: `${usdDelta(totalChangeUsdPerDay)} per day`,
    }),
    el(
      'ul',
      { className: 'sentences' },
      sentences.map((text) => el('li', { text })),
    ),
    el(
      'div',
      { className: 'drivers' },
      drivers.map((driver) => {
        const bar = el('span', {
          className:
            Number(driver.usdPerDay) > 0 ? 'driver-bar up' : 'driver-bar down',
        });
        bar.style.width = `${Math.round((Math.abs(Number(driver.usdPerDay)) / largest) * 100)}%`;
        return el('div', { className: 'driver' }, [
          el('span', {
            className: 'name',
            text: DRIVER_LABELS[driver.driver] ?? driver.driver,
          }),
          el('span', { className: 'track' }, [bar]),
          el('span', { className: 'amount', text: usdDelta(driver.usdPerDay) }),
        ]);
      }),
    ),
  ];
}

/** Renders the prompt-cache diagnostics. */
export async function renderCache(
  container: HTMLElement,
  query: URLSearchParams,
): Promise<void> {
  try {
    const { diagnostics } = await getJson<CacheAnswer>('api/cache', query);
    if (diagnostics.length === 0) {
      container.replaceChildren(
        el('p', {
          className: 'note',
          text: 'No caching problem found in this range.',
        }),
      );
      return;
    }
    container.replaceChildren(
      ...diagnostics.map((d) =>
        el('div', { className: 'diagnostic' }, [
          el('h3', { text: `${d.endpoint} · ${d.model}` }),
          el('p', {
            text: `Cache read share ${percent(d.cacheReadShare)}; ${usd(d.lostUsdPerDay)} per day lost against its best week.`,
          }),
          ...(d.sampled
            ? [
                el('p', {
                  className: 'note',
                  text: `Causes from its newest ${d.sampled.calls.toLocaleString('en')} calls, since ${d.sampled.from.replace('T', ' ').slice(0, 16)} UTC.`,
                }),
              ]
            : []),
          d.causes.length === 0
            ? el('p', {
                className: 'note',
                text: 'No cause of cache misses found.',
              })
            : el(
                'ul',
                {},
                d.causes.map((c) =>
                  el('li', {
                    text: `${c.cause}: ${c.evidenceCount} calls; fixing it saves ${usd(c.savingUsdPerDay)} per day`,
                  }),
                ),
              ),
        ]),
      ),
    );
  } catch (error) {
    container.replaceChildren(unavailable(error));
  }
}

function unavailable(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  const notConfigured = error instanceof ApiError && error.status === 501;

  return el('p', {
    className: notConfigured ? 'note' : 'error',
    text: message,
  });
}
