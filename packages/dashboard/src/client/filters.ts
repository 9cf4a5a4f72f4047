import { getJson } from './api.js';
import { el } from './dom.js';
import {
  DIMENSIONS,
  type Dimension,
  filterQuery,
  PRESETS,
  type ViewState,
  withFilter,
  withoutFilter,
} from './state.js';
import type { FacetsAnswer } from './types.js';

const LABELS: Record<Dimension, string> = {
  user: 'User',
  provider: 'Provider',
  model: 'Model',
  endpoint: 'Endpoint',
  release: 'Release',
};

const PICKER_LIMIT = 50;

type OnChange = (next: ViewState) => void;

/** Renders the filter bar: time range, one picker per dimension, chips. */
export function renderFilters(
  form: HTMLFormElement,
  state: ViewState,
  onChange: OnChange,
) {
  form.replaceChildren(
    rangePicker(state, onChange),
    ...DIMENSIONS.map((dimension) => picker(dimension, state, onChange)),
    chips(state, onChange),
  );
}

function rangePicker(state: ViewState, onChange: OnChange): HTMLElement {
  const custom = Boolean(state.from && state.to);
  const select = el(
    'select',
    { attrs: { name: 'range', 'aria-label': 'Time range' } },
    [
      ...PRESETS.map((preset) =>
        el('option', { text: `Last ${preset}`, attrs: { value: preset } }),
      ),
      el('option', { text: 'Custom (UTC)', attrs: { value: 'custom' } }),
    ],
  );
  select.value = custom ? 'custom' : state.range;

  const from = dateInput('from', state.from);
  const to = dateInput('to', state.to);
  const apply = el('button', {
    text: 'Apply',
    attrs: { type: 'button', name: 'apply-range' },
  });
  const customBox = el('span', { className: 'custom-range' }, [
    from,
    to,
    apply,
  ]);
  customBox.hidden = !custom;

  select.addEventListener('change', () => {
    if (select.value === 'custom') {
      customBox.hidden = false;
      return;
    }
    onChange({ ...state, range: select.value, from: '', to: '' });
  });
  apply.addEventListener('click', () => {
    if (!from.value || !to.value) return;
    onChange({ ...state, from: `${from.value}:00Z`, to: `${to.value}:00Z` });
  });

  return el('span', { className: 'range' }, [select, customBox]);
}

function dateInput(name: string, iso: string): HTMLInputElement {
  const input = el('input', {
    attrs: { type: 'datetime-local', name, 'aria-label': `${name} (UTC)` },
  });
  if (iso) input.value = iso.slice(0, 16);

  return input;
}

/** A multi-select with search, fed by /api/facets. */
function picker(
  dimension: Dimension,
  state: ViewState,
  onChange: OnChange,
): HTMLElement {
  const selected = state.filters[dimension];
  const summary = el('summary', {
    text:
      selected.length > 0
        ? `${LABELS[dimension]} (${selected.length})`
        : LABELS[dimension],
  });
  const search = el('input', {
    attrs: {
      type: 'search',
      placeholder: `Search ${LABELS[dimension].toLowerCase()}s`,
      name: `search-${dimension}`,
    },
  });
  const list = el('ul', { className: 'options' });
  const details = el(
    'details',
    { className: 'picker', attrs: { 'data-dimension': dimension } },
    [summary, el('div', { className: 'panel' }, [search, list])],
  );

  const load = () =>
    loadOptions(dimension, state, search.value, list, onChange);
  let timer: number | undefined;
  details.addEventListener('toggle', () => {
    if (details.open) void load();
  });
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => void load(), 200);
  });

  return details;
}

async function loadOptions(
  dimension: Dimension,
  state: ViewState,
  search: string,
  list: HTMLUListElement,
  onChange: OnChange,
) {
  const query = filterQuery({
    ...state,
    filters: { user: [], provider: [], model: [], endpoint: [], release: [] },
  });
  if (search) query.set('search', search);
  query.set('limit', String(PICKER_LIMIT));

  const answer = await getJson<FacetsAnswer>('api/facets', query);
  const facet = answer.facets[dimension] ?? { values: [], matched: 0 };
  const selected = state.filters[dimension];

  const items = facet.values.map((value) => {
    const box = el('input', { attrs: { type: 'checkbox' } });
    box.checked = selected.includes(value);
    box.addEventListener('change', () =>
      onChange(
        box.checked
          ? withFilter(state, dimension, value)
          : withoutFilter(state, dimension, value),
      ),
    );
    return el('li', {}, [el('label', {}, [box, value])]);
  });
  if (facet.matched > facet.values.length) {
    items.push(
      el('li', {
        className: 'more',
        text: `${facet.matched - facet.values.length} more: refine the search`,
      }),
    );
  }
  if (facet.values.length === 0)
    items.push(el('li', { className: 'more', text: 'No match in this range' }));

  list.replaceChildren(...items);
}

function chips(state: ViewState, onChange: OnChange): HTMLElement {
  const all = DIMENSIONS.flatMap((dimension) =>
    state.filters[dimension].map((value) => {
      const remove = el('button', {
        text: '×',
        attrs: { type: 'button', 'aria-label': `Remove ${dimension} filter` },
      });
      remove.addEventListener('click', () =>
        onChange(withoutFilter(state, dimension, value)),
      );
      return el(
        'span',
        { className: 'chip', attrs: { 'data-dimension': dimension } },
        [`${LABELS[dimension]}: `, el('b', { text: value }), remove],
      );
    }),
  );

  return el('div', { className: 'chips' }, all);
}
