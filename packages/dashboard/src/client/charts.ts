import { el } from './dom.js';
import { usd } from './format.js';
import type { TimeSeries } from './types.js';
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

/** Draws every time chart of the page. */
export function renderCharts(components: TimeSeries, split: TimeSeries): void {
  const xs = components.buckets.map((iso) => Date.parse(iso) / 1000);
  const releases = components.releases ?? [];
  const metrics = components.metrics;

  stacked(
    'chart-components',
    xs,
    components,
    releases,
    (key) => COMPONENT_LABELS[key ?? ''] ?? String(key),
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
      plugins: [releaseMarkers(releases)],
    },
    data,
    target,
  );
  charts.set(target, chart);
  target.setAttribute('data-points', String(data[0].length));
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
