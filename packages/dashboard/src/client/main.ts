import { fetchAnomalies, renderAnomalies } from './anomalies.js';
import { ApiError, getJson } from './api.js';
import { renderCalls } from './calls.js';
import { renderCharts, watchChartSizes } from './charts.js';
import { byId, el } from './dom.js';
import { renderCache, renderExplain } from './explain.js';
import { renderFilters } from './filters.js';
import { instant } from './format.js';
import { renderHeadline } from './headline.js';
import {
  type Dimension,
  filterQuery,
  readState,
  type SplitBy,
  type ViewState,
  withFilter,
  writeState,
} from './state.js';
import { renderTable } from './tables.js';
import type {
  AnomaliesAnswer,
  Breakdown,
  Summary,
  TimeSeries,
} from './types.js';

const TABLES: Dimension[] = ['endpoint', 'model', 'user', 'provider'];
const SPLITS: SplitBy[] = ['model', 'endpoint', 'user', 'provider', 'release'];
const TOP_USERS = 10;
const TOP_GROUPS = 25;

let state = readState();
let generation = 0;

/** Moves to another view: the URL first, then the data. */
function navigate(next: ViewState): void {
  state = next;
  writeState(state);
  void refresh();
}

async function refresh(): Promise<void> {
  const mine = ++generation;
  const status = byId('status');
  document.body.dataset.state = 'loading';
  status.className = 'status';
  status.textContent = 'Loading…';
  renderFilters(byId<HTMLFormElement>('filters'), state, navigate);
  renderSplitPicker();

  try {
    await load(mine, filterQuery(state));
  } catch (error) {
    if (mine !== generation) return;
    status.className = 'status error';
    status.textContent = error instanceof Error ? error.message : String(error);
    document.body.dataset.state = 'error';
  }
}

async function load(mine: number, query: URLSearchParams): Promise<void> {
  const summary = await getJson<Summary>('api/summary', query);
  if (mine !== generation) return;

  document.body.classList.toggle('is-empty', summary.storeEmpty);
  if (summary.storeEmpty) return showEmptyState();

  renderHeadline(byId('headline'), summary);
  const { explain, cacheDiagnostics, anomalies } = summary.analysis;
  const [found, components, split, ...tables] = await Promise.all([
    anomalies ? fetchAnomalies(query) : notConfiguredError('anomalies'),
    getJson<TimeSeries>('api/timeseries', query),
    getJson<TimeSeries>(
      'api/timeseries',
      withParams(query, { split: state.split }),
    ),
    ...TABLES.map((by) =>
      getJson<Breakdown>(
        'api/breakdown',
        withParams(query, {
          by,
          top: String(by === 'user' ? TOP_USERS : TOP_GROUPS),
        }),
      ),
    ),
  ]);
  if (mine !== generation) return;

  renderCharts(
    components,
    split,
    found instanceof Error ? [] : found.anomalies,
  );
  renderAnomalies(byId('anomalies-body'), found);
  byId('tables').replaceChildren(
    ...TABLES.map((by, i) =>
      renderTable(by, tables[i] as Breakdown, query, (d, v) =>
        navigate(withFilter(state, d, v)),
      ),
    ),
  );
  const releases = (components.releases ?? []).map((marker) => marker.release);
  await Promise.all([
    renderCalls(byId('calls-body'), query),
    explain
      ? renderExplain(
          byId('explain-body'),
          query,
          releases,
          state.around,
          (around) => navigate({ ...state, around }),
        )
      : notConfigured('explain-body', 'explain'),
    cacheDiagnostics
      ? renderCache(byId('cache-body'), query)
      : notConfigured('cache-body', 'cacheDiagnostics'),
  ]);
  if (mine !== generation) return;

  byId('status').textContent =
    `${instant(summary.range.from)} to ${instant(summary.range.to)} UTC, against the ${instant(summary.previousRange.from)} to ${instant(summary.previousRange.to)} period before`;
  document.body.dataset.state = 'ready';
}

async function notConfigured(id: string, method: string): Promise<void> {
  byId(id).replaceChildren(
    el('p', { className: 'note', text: notConfiguredText(method) }),
  );
}

async function notConfiguredError(
  method: string,
): Promise<AnomaliesAnswer | Error> {
  return new ApiError(501, notConfiguredText(method));
}

function notConfiguredText(method: string): string {
  return `Not available: this dashboard was mounted with analysis.${method} turned off. Pass dashboard({ analysis }) with ${method}() or leave it out for core's.`;
}

function renderSplitPicker(): void {
  const select = byId<HTMLSelectElement>('split');
  select.replaceChildren(
    ...SPLITS.map((split) =>
      el('option', { text: split, attrs: { value: split } }),
    ),
  );
  select.value = state.split;
  select.onchange = () =>
    navigate({ ...state, split: select.value as SplitBy });
}

function showEmptyState(): void {
  byId('empty').replaceChildren(
    el('h2', { text: 'No LLM calls recorded yet' }),
    el('p', {
      text: 'Record a call and it shows up here within a few seconds. For example, in an Express app:',
    }),
    el('pre', {
      text: [
        "import { createTracker, instrumentOpenAI } from '@tokenledger/core';",
        "import { tokenledger } from '@tokenledger/express';",
        '',
        'const tracker = createTracker({ store });',
        'const openai = instrumentOpenAI(new OpenAI(), tracker);',
        'app.use(tokenledger({ tracker }));',
        '',
        '// or record any call by hand, with the usage the provider returned:',
        "tracker.record({ provider: 'openai', model: 'gpt-4o-mini', shape: 'openai.chat', usage: response.usage });",
      ].join('\n'),
    }),
  );
  byId('empty').hidden = false;
  byId('status').textContent = '';
  document.body.dataset.state = 'ready';
}

function withParams(
  query: URLSearchParams,
  extra: Record<string, string>,
): URLSearchParams {
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);

  return params;
}

window.addEventListener('popstate', () => {
  state = readState();
  void refresh();
});
watchChartSizes();
void refresh();
