import { csvHref } from './api.js';
import { el } from './dom.js';
import { count, percent, usd } from './format.js';
import type { Dimension } from './state.js';
import type { Breakdown, BreakdownRow } from './types.js';

interface Column {
  key: string;
  label: string;
  show: (row: BreakdownRow) => string;
  sortValue: (row: BreakdownRow) => number | string;
}

const COLUMNS: Column[] = [
  {
    key: 'calls',
    label: 'Calls',
    show: (r) => count(r.calls),
    sortValue: (r) => r.calls,
  },
  {
    key: 'cost',
    label: 'Cost',
    show: (r) => usd(r.costUsd),
    sortValue: (r) => Number(r.costUsd),
  },
  {
    key: 'share',
    label: 'Share',
    show: (r) => percent(r.share),
    sortValue: (r) => r.share,
  },
  {
    key: 'perCall',
    label: 'Cost / call',
    show: (r) => usd(r.costPerCallUsd),
    sortValue: (r) => Number(r.costPerCallUsd ?? -1),
  },
  {
    key: 'cache',
    label: 'Cache read',
    show: (r) => percent(r.cacheReadShare),
    sortValue: (r) => r.cacheReadShare,
  },
  {
    key: 'unpriced',
    label: 'Unpriced',
    show: (r) => count(r.unpricedCalls),
    sortValue: (r) => r.unpricedCalls,
  },
];

export const TABLE_TITLES: Record<Dimension, string> = {
  endpoint: 'Cost by endpoint',
  model: 'Cost by model',
  user: 'Cost by user',
  provider: 'Cost by provider',
  release: 'Cost by release',
};

/**
 * Renders one breakdown: sortable by any column (the "other" row stays last),
 * share of the total as a bar, a row click filters by that value.
 */
export function renderTable(
  dimension: Dimension,
  data: Breakdown,
  query: URLSearchParams,
  onPick: (dimension: Dimension, value: string) => void,
): HTMLElement {
  let sort = { key: 'cost', descending: true };
  const body = el('tbody');
  const head = el('tr', {}, [
    el('th', { text: dimension }),
    ...COLUMNS.map((column) => {
      const th = el('th', {
        text: column.label,
        attrs: { 'data-sort': column.key, tabindex: '0', role: 'button' },
      });
      th.addEventListener('click', () => {
        sort = {
          key: column.key,
          descending: sort.key === column.key ? !sort.descending : true,
        };
        fill();
      });
      return th;
    }),
  ]);

  const fill = () => {
    const column =
      COLUMNS.find((c) => c.key === sort.key) ?? (COLUMNS[1] as Column);
    const groups = data.rows
      .filter((row) => !row.other)
      .sort((a, b) =>
        compare(column.sortValue(a), column.sortValue(b), sort.descending),
      );
    const rest = data.rows.filter((row) => row.other);
    body.replaceChildren(
      ...[...groups, ...rest].map((row) => tableRow(dimension, row, onPick)),
    );
    for (const th of head.querySelectorAll('th[data-sort]')) {
      th.setAttribute(
        'aria-sort',
        th.getAttribute('data-sort') === sort.key
          ? sort.descending
            ? 'descending'
            : 'ascending'
          : 'none',
      );
    }
  };
  fill();

  const csv = el('a', {
    text: 'CSV',
    className: 'csv',
    attrs: { href: csvHref(query, dimension), download: '' },
  });

  return el(
    'section',
    { className: 'table', attrs: { 'data-table': dimension } },
    [
      el('h2', { text: TABLE_TITLES[dimension] }, [' ', csv]),
      el('table', {}, [el('thead', {}, [head]), body]),
    ],
  );
}

function tableRow(
  dimension: Dimension,
  row: BreakdownRow,
  onPick: (d: Dimension, v: string) => void,
) {
  const name = row.other ? 'Other' : (row.key ?? '(none)');
  const bar = el('span', { className: 'bar' });
  bar.style.width = `${Math.round(row.share * 100)}%`;

  const tr = el('tr', { className: row.other ? 'other' : 'pick' }, [
    el('td', { className: 'key' }, [el('span', { text: name }), bar]),
    ...COLUMNS.map((column) =>
      el('td', {
        text: column.show(row),
        attrs: { 'data-column': column.key },
      }),
    ),
  ]);
  if (!row.other && row.key !== null) {
    const key = row.key;
    tr.title = `Filter by ${dimension} ${key}`;
    tr.addEventListener('click', () => onPick(dimension, key));
  }

  return tr;
}

function compare(
  a: number | string,
  b: number | string,
  descending: boolean,
): number {
  const order = a < b ? -1 : a > b ? 1 : 0;

  return descending ? -order : order;
}
