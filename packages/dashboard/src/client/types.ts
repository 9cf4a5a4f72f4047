/** The API's answers, as the page reads them (see src/api on the server). */

export interface Figures {
  costUsd: string;
  calls: number;
  costPerCallUsd: string | null;
  cacheReadShare: number;
  outputTokensPerCall: number | null;
  unpricedCalls: number;
}

export interface Change {
  delta: string | number | null;
  percent: number | null;
}

export interface Summary {
  range: { from: string; to: string };
  previousRange: { from: string; to: string };
  current: Figures;
  previous: Figures;
  change: Record<keyof Figures, Change>;
  storeEmpty: boolean;
  analysis: { explain: boolean; cacheDiagnostics: boolean; anomalies: boolean };
}

export interface Series {
  key: string | null;
  otherGroups?: number;
  costUsd: string[];
  totalUsd?: string;
}

export interface TimeSeries {
  bucket: 'hour' | 'day';
  buckets: string[];
  series: Series[];
  metrics?: {
    calls: number[];
    cacheReadShare: (number | null)[];
    promptTokensPerCall: (number | null)[];
    outputTokensPerCall: (number | null)[];
  };
  releases?: { release: string; firstSeen: string }[];
}

export interface BreakdownRow {
  key: string | null;
  other?: true;
  calls: number;
  unpricedCalls: number;
  costUsd: string;
  share: number;
  costPerCallUsd: string | null;
  promptTokens: number;
  outputTokens: number;
  cacheReadShare: number;
}

export interface Breakdown {
  by: string;
  rows: BreakdownRow[];
  total: BreakdownRow;
}

export interface CallEvent {
  id: string;
  timestamp: string;
  provider: string;
  model: string;
  userId: string;
  endpoint: string;
  release: string | null;
  status: string;
  priced: boolean;
  costUsd: string | null;
  usage: {
    inputTokens: number;
    outputTokens: number;
    cacheReadTokens: number;
    cacheWriteTokens: number;
    cacheWrite1hTokens: number;
  };
  [field: string]: unknown;
}

export interface EventsPage {
  events: CallEvent[];
  nextCursor: string | null;
}

export interface FacetsAnswer {
  facets: Record<string, { values: string[]; matched: number }>;
}

export interface DriverContribution {
  driver: string;
  usdPerDay: string;
}

export interface ExplainAnswer {
  before: { from: string; to: string };
  after: { from: string; to: string };
  explanation: {
    totalChangeUsdPerDay: string;
    drivers: DriverContribution[];
    sentences: string[];
  };
}

export interface CacheAnswer {
  diagnostics: {
    endpoint: string;
    model: string;
    cacheReadShare: number;
    lostUsdPerDay: string;
    causes: { cause: string; evidenceCount: number; savingUsdPerDay: string }[];
    /** Set when the causes come from the endpoint's newest calls only. */
    sampled?: { from: string; to: string; calls: number };
  }[];
}

export interface Anomaly {
  endpoint: string;
  hourStart: string;
  costUsd: string;
  baselineMedianUsd: string;
  score: number;
  explanation: { sentences: string[] };
}

export interface AnomaliesAnswer {
  checked: { from: string; to: string };
  total: number;
  anomalies: Anomaly[];
}
