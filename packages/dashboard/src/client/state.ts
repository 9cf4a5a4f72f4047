/** The filter dimensions, as the API names them. */
export const DIMENSIONS = [
  'user',
  'provider',
  'model',
  'endpoint',
  'release',
] as const;

export type Dimension = (typeof DIMENSIONS)[number];

export const PRESETS = ['24h', '7d', '14d', '30d', '90d'] as const;

export type SplitBy = 'model' | 'endpoint' | 'user' | 'provider' | 'release';

/** Everything a view depends on; the URL holds all of it. */
export interface ViewState {
  range: string;
  from: string;
  to: string;
  filters: Record<Dimension, string[]>;
  split: SplitBy;
  around: string;
}

/** Reads the view from the page URL. */
export function readState(search = location.search): ViewState {
  const params = new URLSearchParams(search);
  const filters = {} as Record<Dimension, string[]>;
  for (const dimension of DIMENSIONS)
    filters[dimension] = params.getAll(dimension);

  return {
    range: params.get('range') ?? '7d',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    filters,
    split: (params.get('split') as SplitBy | null) ?? 'model',
    around: params.get('around') ?? '',
  };
}

/** The query string of the filter part of a view, as every API call takes it. */
export function filterQuery(state: ViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.from && state.to) {
    params.set('from', state.from);
    params.set('to', state.to);
  } else {
    params.set('range', state.range);
  }

  for (const dimension of DIMENSIONS) {
    for (const value of state.filters[dimension])
      params.append(dimension, value);
  }

  return params;
}

/** Writes the view into the URL, so a link reproduces it. */
export function writeState(state: ViewState): void {
  const params = filterQuery(state);
  if (state.split !== 'model') params.set('split', state.split);
  if (state.around) params.set('around', state.around);

  const url = `${location.pathname}?${params}`;
  if (url !== `${location.pathname}${location.search}`) {
    history.pushState(null, '', url);
  }
}

/** A copy of the view with one more value of a dimension selected. */
export function withFilter(
  state: ViewState,
  dimension: Dimension,
  value: string,
): ViewState {
  const current = state.filters[dimension];
  if (current.includes(value)) return state;

  return {
    ...state,
    filters: { ...state.filters, [dimension]: [...current, value] },
  };
}

/** A copy of the view without one value of a dimension. */
export function withoutFilter(
  state: ViewState,
  dimension: Dimension,
  value: string,
): ViewState {
  return {
    ...state,
    filters: {
      ...state.filters,
      [dimension]: state.filters[dimension].filter((v) => v !== value),
    },
  };
}
