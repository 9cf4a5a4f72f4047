import { type Attributes, metrics } from '@opentelemetry/api';
import {
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** A reader that exports nothing: tests call `collect()` themselves. */
class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

export interface Point {
  attributes: Attributes;
  value: number;
}

/** A real SDK MeterProvider, registered as the global one. */
export function registerMeterProvider() {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);

  async function collect(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw errors[0];
    return resourceMetrics;
  }

  /** The data points of one metric, and its unit. */
  async function points(
    name: string,
  ): Promise<{ unit: string; points: Point[] }> {
    const collected = await collect();
    for (const scope of collected.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.descriptor.name !== name) continue;
        return {
          unit: metric.descriptor.unit,
          points: metric.dataPoints.map((point) => ({
            attributes: point.attributes,
            value: point.value as number,
          })),
        };
      }
    }

    return { unit: '', points: [] };
  }

  return { provider, points, unregister: () => metrics.disable() };
}
