import { type TokenledgerError, toTokenledgerError } from '../../errors.js';
import type { UsageStore } from '../../store.js';
import { detectAnomalies } from '../anomaly/detect.js';
import type { Anomaly, AnomalyOptions } from '../anomaly/types.js';
import {
  type Budget,
  type BudgetExceeded,
  checkBudgets,
  exceededBudgets,
} from './budgets.js';
import {
  createWebhookSender,
  type WebhookOptions,
  type WebhookSender,
} from './webhook.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Options of {@link createCostMonitor}. */
export interface CostMonitorOptions {
  store: UsageStore;
  /** Daily limits per endpoint and/or user. */
  budgets?: Budget[];
  /** Anomaly detection settings (threshold, baseline weeks, filter). */
  anomalies?: Omit<AnomalyOptions, 'from' | 'to' | 'now'>;
  /** Where every alert is also POSTed (signed): a sender or its options. */
  webhook?: WebhookSender | WebhookOptions;
  /** Receives failures of checks, listeners and the webhook. */
  onError?: (error: TokenledgerError) => void;
  /** Default `() => new Date()`. */
  clock?: () => Date;
}

/** What one check found that was not reported before. */
export interface MonitorCheck {
  anomalies: Anomaly[];
  budgets: BudgetExceeded[];
}

/** Watches a store for cost anomalies and budget overruns. */
export interface CostMonitor {
  /** Calls `listener` with each new anomaly; returns the unsubscribe. */
  onAnomaly(listener: (anomaly: Anomaly) => void): () => void;
  /** Calls `listener` with each budget exceeded, once per budget and day. */
  onBudgetExceeded(listener: (exceeded: BudgetExceeded) => void): () => void;
  /** Checks the last complete hour and today's budgets now. Never throws. */
  check(): Promise<MonitorCheck>;
  /** Checks every `intervalMs` (default 5 minutes) on an unref'd timer. */
  start(options?: { intervalMs?: number }): void;
  stop(): void;
}

/**
 * A cost monitor: each check looks for anomalies in the last complete hour
 * and for budgets exceeded today, and reports each new one once to the
 * listeners and the webhook.
 *
 * @example
 * ```ts
 * const monitor = createCostMonitor({
 *   store,
 *   budgets: [{ endpoint: 'POST /chat', usdPerDay: '25' }],
 *   webhook: { url: 'https://hooks.example.com/cost', secret: process.env.ALERT_SECRET! },
 * });
 * monitor.onAnomaly((a) => console.log(a.explanation.sentences[0]));
 * monitor.start();
 * ```
 * @see docs/analysis.md
 */
export function createCostMonitor(options: CostMonitorOptions): CostMonitor {
  const budgets = options.budgets ?? [];
  checkBudgets(budgets);
  const webhook = toSender(options);
  const clock = options.clock ?? (() => new Date());
  const anomalyListeners = new Set<(anomaly: Anomaly) => void>();
  const budgetListeners = new Set<(exceeded: BudgetExceeded) => void>();
  const reported = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;

  const report = <T>(
    key: { id: string; recursUntilMs: number },
    type: string,
    item: T,
    listeners: Set<(item: T) => void>,
  ) => {
    if (reported.has(key.id)) return false;

    reported.set(key.id, key.recursUntilMs);
    for (const listener of listeners) guard(options, () => listener(item));
    if (webhook) void webhook.send({ type, data: item });
    return true;
  };

  const check = async (): Promise<MonitorCheck> => {
    try {
      const now = clock();
      forgetPast(reported, now.getTime());
      const [anomalies, exceeded] = await Promise.all([
        detectAnomalies(options.store, { ...options.anomalies, now }),
        exceededBudgets(options.store, budgets, now),
      ]);

      return {
        anomalies: anomalies.filter((a) =>
          report(
            {
              id: `anomaly|${a.endpoint}|${a.hourStart.toISOString()}`,
              recursUntilMs: a.hourStart.getTime() + 2 * HOUR_MS,
            },
            'anomaly',
            a,
            anomalyListeners,
          ),
        ),
        budgets: exceeded.filter((b) =>
          report(
            {
              id: `budget|${JSON.stringify(b.budget)}|${b.day}`,
              recursUntilMs: Date.parse(b.day) + DAY_MS,
            },
            'budget',
            b,
            budgetListeners,
          ),
        ),
      };
    } catch (error) {
      options.onError?.(toTokenledgerError(error, 'ALERT_FAILED'));
      return { anomalies: [], budgets: [] };
    }
  };

  return {
    onAnomaly: subscribe(anomalyListeners),
    onBudgetExceeded: subscribe(budgetListeners),
    check,
    start({ intervalMs = 300_000 } = {}) {
      if (timer) return;
      timer = setInterval(() => void check(), intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

/**
 * Drops the reported keys that can no longer come back, so the memory of
 * what was reported stays bounded: an anomaly is only found while its hour
 * is the last complete one (until 2 hours after its start), a budget only
 * during its UTC day.
 */
function forgetPast(reported: Map<string, number>, nowMs: number): void {
  for (const [id, recursUntilMs] of reported) {
    if (recursUntilMs <= nowMs) reported.delete(id);
  }
}

function subscribe<T>(listeners: Set<(item: T) => void>) {
  return (listener: (item: T) => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
}

function toSender(options: CostMonitorOptions): WebhookSender | undefined {
  const { webhook } = options;
  if (!webhook || 'send' in webhook) return webhook;

  return createWebhookSender({
    ...webhook,
    ...(options.onError && !webhook.onError
      ? { onError: options.onError }
      : {}),
  });
}

function guard(options: CostMonitorOptions, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    options.onError?.(toTokenledgerError(error, 'ALERT_FAILED'));
  }
}
