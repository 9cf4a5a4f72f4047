import { ApiError, getJson } from './api.js';
import { el } from './dom.js';
import { instant, usd } from './format.js';
import type { AnomaliesAnswer, Anomaly } from './types.js';

/** Fetches the anomalies of the range; an error comes back as the value. */
export async function fetchAnomalies(
  query: URLSearchParams,
): Promise<AnomaliesAnswer | Error> {
  try {
    return await getJson<AnomaliesAnswer>('api/anomalies', query);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Lists the anomalous hours, each with the start of its explanation. */
export function renderAnomalies(
  container: HTMLElement,
  answer: AnomaliesAnswer | Error,
): void {
  if (answer instanceof Error) {
    const notConfigured = answer instanceof ApiError && answer.status === 501;
    container.replaceChildren(
      el('p', {
        className: notConfigured ? 'note' : 'error',
        text: answer.message,
      }),
    );
    return;
  }

  const { anomalies, total, checked } = answer;
  if (anomalies.length === 0) {
    container.replaceChildren(
      el('p', {
        className: 'note',
        text: `No hour of an endpoint cost far above its usual same hour of the week (${instant(checked.from)} to ${instant(checked.to)} UTC).`,
      }),
    );
    return;
  }

  const more =
    total > anomalies.length
      ? [
          el('p', {
            className: 'note',
            text: `${total - anomalies.length} more with a lower score.`,
          }),
        ]
      : [];
  container.replaceChildren(
    el('ul', { className: 'anomalies' }, anomalies.map(anomalyItem)),
    ...more,
  );
}

function anomalyItem(anomaly: Anomaly): HTMLElement {
  const [headline] = anomaly.explanation.sentences;

  return el(
    'li',
    { className: 'anomaly', attrs: { 'data-hour': anomaly.hourStart } },
    [
      el('b', { className: 'endpoint', text: anomaly.endpoint }),
      ` at ${instant(anomaly.hourStart).slice(0, 16)} UTC: ${usd(anomaly.costUsd)} in the hour against a usual ${usd(anomaly.baselineMedianUsd)} (score ${anomaly.score}).`,
      ...(headline
        ? [el('span', { className: 'why', text: ` ${headline}` })]
        : []),
    ],
  );
}
