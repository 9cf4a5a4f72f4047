import { csvHref, getJson } from './api.js';
import { el } from './dom.js';
import { count, instant, usd } from './format.js';
import type { CallEvent, EventsPage } from './types.js';

const PAGE_SIZE = 50;
const HEADERS = [
  'Time (UTC)',
  'User',
  'Endpoint',
  'Model',
  'Release',
  'Prompt',
  'Output',
  'Cache read',
  'Cost',
  'Status',
];

/** Renders the calls list, newest first, a keyset page at a time. */
export async function renderCalls(
  container: HTMLElement,
  query: URLSearchParams,
): Promise<void> {
  const body = el('tbody');
  const more = el('button', {
    text: 'Load more calls',
    attrs: { type: 'button', name: 'more-calls' },
  });
  const csv = el('a', {
    text: 'Export calls as CSV',
    className: 'csv',
    attrs: { href: csvHref(query, 'calls'), download: '' },
  });

  container.replaceChildren(
    el('table', {}, [
      el('thead', {}, [
        el(
          'tr',
          {},
          HEADERS.map((text) => el('th', { text })),
        ),
      ]),
      body,
    ]),
    el('p', {}, [more, ' ', csv]),
  );

  let cursor: string | null = null;
  const load = async () => {
    const params = new URLSearchParams(query);
    params.set('limit', String(PAGE_SIZE));
    if (cursor) params.set('cursor', cursor);

    const page = await getJson<EventsPage>('api/events', params);
    for (const event of page.events) body.append(...callRows(event));
    cursor = page.nextCursor;
    more.hidden = cursor === null;
  };
  more.addEventListener('click', () => void load());

  await load();
}

/** A call's row and its hidden detail row with every field. */
function callRows(event: CallEvent): HTMLElement[] {
  const prompt =
    event.usage.inputTokens +
    event.usage.cacheReadTokens +
    event.usage.cacheWriteTokens +
    event.usage.cacheWrite1hTokens;
  const cells = [
    instant(event.timestamp),
    event.userId,
    event.endpoint,
    event.model,
    event.release ?? '—',
    count(prompt),
    count(event.usage.outputTokens),
    count(event.usage.cacheReadTokens),
    event.priced ? usd(event.costUsd) : 'unpriced',
    event.status,
  ];
  const row = el(
    'tr',
    { className: 'call', attrs: { 'data-id': event.id } },
    cells.map((text) => el('td', { text })),
  );
  const detail = el('tr', { className: 'detail' }, [
    el('td', { attrs: { colspan: String(HEADERS.length) } }, [
      el('pre', { text: JSON.stringify(event, null, 2) }),
    ]),
  ]);
  detail.hidden = true;
  row.addEventListener('click', () => {
    detail.hidden = !detail.hidden;
  });

  return [row, detail];
}
