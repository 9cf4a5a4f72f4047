import { el } from './dom.js';
import { count, percent, usd, usdDelta } from './format.js';
import type { Figures, Summary } from './types.js';

interface Card {
  key: keyof Figures;
  label: string;
  show: (figures: Figures) => string;
  exact: (figures: Figures) => string;
  /** Whether a rise is bad news (cost) rather than good. */
  riseIsBad: boolean;
}

const CARDS: Card[] = [
  {
    key: 'costUsd',
    label: 'Cost',
    show: (f) => usd(f.costUsd),
    exact: (f) => f.costUsd,
    riseIsBad: true,
  },
  {
    key: 'calls',
    label: 'Calls',
    show: (f) => count(f.calls),
    exact: (f) => String(f.calls),
    riseIsBad: false,
  },
  {
    key: 'costPerCallUsd',
    label: 'Cost per call',
    show: (f) => usd(f.costPerCallUsd),
    exact: (f) => f.costPerCallUsd ?? '',
    riseIsBad: true,
  },
  {
    key: 'cacheReadShare',
    label: 'Cache read share',
    show: (f) => percent(f.cacheReadShare),
    exact: (f) => String(f.cacheReadShare),
    riseIsBad: false,
  },
  {
    key: 'outputTokensPerCall',
    label: 'Output tokens per call',
    show: (f) => count(f.outputTokensPerCall),
    exact: (f) => String(f.outputTokensPerCall ?? ''),
    riseIsBad: true,
  },
  {
    key: 'unpricedCalls',
    label: 'Unpriced calls',
    show: (f) => count(f.unpricedCalls),
    exact: (f) => String(f.unpricedCalls),
    riseIsBad: true,
  },
];

/** Renders the headline figures with their change against the previous period. */
export function renderHeadline(section: HTMLElement, summary: Summary): void {
  section.replaceChildren(
    ...CARDS.map((card) => {
      const warn =
        card.key === 'unpricedCalls' && summary.current.unpricedCalls > 0;
      return el(
        'div',
        {
          className: warn ? 'card warn' : 'card',
          attrs: { 'data-figure': card.key },
        },
        [
          el('div', { className: 'label', text: card.label }),
          el('div', {
            className: 'value',
            text: card.show(summary.current),
            attrs: {
              'data-value': card.exact(summary.current),
              title: card.exact(summary.current),
            },
          }),
          changeLine(card, summary, warn),
        ],
      );
    }),
  );
}

function changeLine(card: Card, summary: Summary, warn: boolean): HTMLElement {
  const note = warn ? ' · add prices for these models' : '';
  // a change against nothing would read as growth
  if (summary.previous.calls === 0) {
    return el('div', {
      className: 'change',
      text: `no calls in the previous period${note}`,
    });
  }

  const change = summary.change[card.key];
  const parts: string[] = [];
  if (typeof change.delta === 'string') parts.push(usdDelta(change.delta));
  if (typeof change.delta === 'number') {
    const points =
      card.key === 'cacheReadShare'
        ? `${(change.delta * 100).toFixed(1)} pts`
        : count(change.delta);
    parts.push(change.delta >= 0 ? `+${points}` : points.replace('-', '−'));
  }
  if (change.percent !== null)
    parts.push(`(${change.percent >= 0 ? '+' : ''}${change.percent}%)`);

  const direction =
    typeof change.delta === 'number' ? change.delta : Number(change.delta ?? 0);
  const bad = card.riseIsBad ? direction > 0 : direction < 0;
  const text =
    parts.length > 0
      ? `${parts.join(' ')} vs previous period`
      : 'no previous data';

  return el('div', {
    className: bad ? 'change bad' : 'change',
    text: `${text}${note}`,
  });
}
