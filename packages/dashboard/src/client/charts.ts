import { el } from './dom.js';
import { usd } from './format.js';
import type { Anomaly, TimeSeries } from './types.js';
import uPlot from './uplot.js';

const COLORS = [
  '#2563eb',
  '#dc2626',
  '#f59e0b',
  '#16a34a',
  '#9333ea',
  '#0891b2',
  '#db2777',
  '#65a30d',
  '#78716c',
];
const COMPONENT_LABELS: Record<string, string> = {
  input: 'Input',
  output: 'Output',
  cacheWrite: 'Cache write',
  cacheRead: 'Cache read',
  units: 'Units',
};
const HEIGHT = 220;

type Release = { release: string; firstSeen: string };

const charts = new Map<HTMLElement, uPlot>();

/** Draws every time chart of the page; anomalies go on cost by component. */
export function renderCharts(
  components: TimeSeries,
  split: TimeSeries,
  anomalies: Anomaly[] = [],
): void {
  const xs = components.buckets.map((iso) => Date.parse(iso) / 1000);
  const releases = components.releases ?? [];
  const metrics = components.metrics;

  stacked(
    'chart-components',
    xs,
    components,
    releases,
    (key) => COMPONENT_LABELS[key ?? ''] ?? String(key),
    anomalies,
  );
  stacked('chart-split', xs, split, releases, (key, other) =>
    other !== undefined ? `Other (${other})` : (key ?? '(none)'),
  );
  if (!metrics) return;

  lines(
    'chart-cache',
    xs,
    [
      {
        label: 'Cache read share',
        values: metrics.cacheReadShare.map((v) =>
          v === null ? null : v * 100,
        ),
      },
    ],
    releases,
    (v) => `${v.toFixed(1)}%`,
  );
  lines(
    'chart-tokens',
    xs,
    [
      { label: 'Prompt tokens per call', values: metrics.promptTokensPerCall },
      { label: 'Output tokens per call', values: metrics.outputTokensPerCall },
    ],
    releases,
    (v) => v.toFixed(0),
  );
}

/** Cost stacked by series: cumulative sums drawn top first, legend showing each part. */
function stacked(
  id: string,
  xs: number[],
  data: TimeSeries,
  releases: Release[],
  label: (key: string | null, other?: number) => string,
  anomalies: Anomaly[] = [],
) {
  const raw = data.series.map((series) => series.costUsd.map(Number));
  const cumulative = raw.map((_, s) =>
    xs.map((_, i) =>
      raw.slice(0, s + 1).reduce((sum, values) => sum + (values[i] ?? 0), 0),
    ),
  );
  const order = raw.map((_, s) => raw.length - 1 - s);

  const series: uPlot.Series[] = [
    {},
    ...order.map((s) => ({
      label: label(data.series[s]?.key ?? null, data.series[s]?.otherGroups),
      stroke: COLORS[s % COLORS.length] as string,
      fill: `${COLORS[s % COLORS.length]}55`,
      value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
        idx === null ? '' : usd(String(raw[s]?.[idx] ?? 0)),
    })),
  ];

  draw(
    id,
    { series, axes: axes((v) => usd(String(v))) },
    [xs, ...order.map((s) => cumulative[s] as number[])],
    releases,
    anomalies,
  );
}

function lines(
  id: string,
  xs: number[],
  list: { label: string; values: (number | null)[] }[],
  releases: Release[],
  format: (value: number) => string,
) {
  const series: uPlot.Series[] = [
    {},
    ...list.map((line, i) => ({
      label: line.label,
      stroke: COLORS[i] as string,
      spanGaps: true,
      value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
    })),
  ];

  draw(
    id,
    { series, axes: axes(format) },
    [xs, ...list.map((line) => line.values)],
    releases,
  );
}

function axes(format: (value: number) => string): uPlot.Axis[] {
  return [{}, { values: (_u, ticks) => ticks.map(format), size: 70 }];
}

function draw(
  id: string,
  options: Pick<uPlot.Options, 'series' | 'axes'>,
  data: uPlot.AlignedData,
  releases: Release[],
  anomalies: Anomaly[] = [],
) {
  const target = document.getElementById(id);
  if (!target) return;

  charts.get(target)?.destroy();
  const chart = new uPlot(
    {
      ...options,
      width: Math.max(target.clientWidth, 300),
      height: HEIGHT,
      scales: { x: { time: true } },
      plugins: [releaseMarkers(releases), anomalyMarkers(anomalies)],
    },
    data,
    target,
  );
  charts.set(target, chart);
  target.setAttribute('data-points', String(data[0].length));
  target.setAttribute('data-anomalies', String(anomalies.length));
}

/** Draws a dashed line and the name of each release at its first call. */
function releaseMarkers(releases: Release[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.strokeStyle = '#7c3aed';
          ctx.fillStyle = '#7c3aed';
          ctx.setLineDash([4, 4]);
          ctx.font = `${11 * devicePixelRatio}px system-ui`;
          for (const { release, firstSeen } of releases) {
            const x = u.valToPos(Date.parse(firstSeen) / 1000, 'x', true);
            if (x <= bbox.left + 1 || x > bbox.left + bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillText(release, x + 4, bbox.top + 12 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * Marks each anomalous hour: a red band over the hour and a triangle at the
 * top of the plot (on a daily chart the band is narrower than a bucket).
 */
function anomalyMarkers(anomalies: Anomaly[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          const size = 5 * devicePixelRatio;
          ctx.save();
          ctx.fillStyle = '#dc2626';
          for (const { hourStart } of anomalies) {
            const start = Date.parse(hourStart) / 1000;
            const left = u.valToPos(start, 'x', true);
            const right = u.valToPos(start + 3600, 'x', true);
            if (right < bbox.left || left > bbox.left + bbox.width) continue;
            ctx.globalAlpha = 0.15;
            ctx.fillRect(
              left,
              bbox.top,
              Math.max(right - left, 2),
              bbox.height,
            );
            ctx.globalAlpha = 1;
            const x = (left + right) / 2;
            ctx.beginPath();
            ctx.moveTo(x - size, bbox.top);
            ctx.lineTo(x + size, bbox.top);
            ctx.lineTo(x, bbox.top + size * 1.5);
            ctx.closePath();
            ctx.fill();
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** Keeps the charts as wide as their boxes. */
export function watchChartSizes(): void {
  window.addEventListener('resize', () => {
    for (const [target, chart] of charts) {
      chart.setSize({
        width: Math.max(target.clientWidth, 300),
        height: HEIGHT,
      });
    }
  });
}

/** An empty chart box with a note. */
export function chartNote(id: string, text: string): void {
  document
    .getElementById(id)
    ?.replaceChildren(el('p', { className: 'note', text }));
}
