/** p50 and p95 of a count per call. */
export interface Quantiles {
  p50: number;
  p95: number;
}

/** Output of the calls of one bucket or one release. */
export interface OutputStats {
  calls: number;
  output: Quantiles;
  reasoning: Quantiles;
  /** Calls that hit max_tokens over calls where the client saw it; null when none did. */
  maxTokensHitShare: number | null;
}

/** One time bucket of an endpoint's output. */
export interface OutputBucket extends OutputStats {
  bucketStart: Date;
}

/** One release's output on an endpoint, in order of first call. */
export interface ReleaseOutput extends OutputStats {
  release: string | null;
  firstCallAt: Date;
  /** The prefix fingerprint most of its calls had. */
  commonPrefixHash: string | null;
}

/**
 * A stretch of one release's calls on an endpoint during which one prompt
 * fingerprint stayed dominant: a new segment starts with each release and
 * with each change of the dominant `prefixHash` inside a release.
 */
export interface OutputSegment extends OutputStats {
  release: string | null;
  /** The fingerprint most calls carried; null when none ever had a majority. */
  prefixHash: string | null;
  firstCallAt: Date;
}

/** A measure of output that moved between two consecutive segments. */
export interface OutputDrift {
  measure:
    | 'outputP50'
    | 'outputP95'
    | 'reasoningP50'
    | 'reasoningP95'
    | 'maxTokensHitShare';
  before: number;
  after: number;
  /** The release it started with, and its first call. */
  release: string | null;
  previousRelease: string | null;
  startedAt: Date;
  /** The dominant prompt fingerprint changed where it started. */
  prefixChanged: boolean;
  /**
   * What it started with: a new `release` (the fingerprint may have
   * changed with it, see `prefixChanged`), or a new dominant `prefix`
   * fingerprint inside one release.
   */
  startedWith: 'release' | 'prefix';
  prefixHash: string | null;
  previousPrefixHash: string | null;
}

/** Output drift of one endpoint. */
export interface EndpointOutputDrift {
  endpoint: string;
  series: OutputBucket[];
  releases: ReleaseOutput[];
  /** Releases cut where the dominant fingerprint changed, oldest first. */
  segments: OutputSegment[];
  drifts: OutputDrift[];
}

/** Options of {@link outputDrift}. */
export interface OutputDriftOptions {
  /** Series bucket. Default `'day'`. */
  bucket?: 'hour' | 'day';
  /** Relative change of a percentile that counts as drift. Default 0.25. */
  thresholdRatio?: number;
  /** Change of the max-tokens share that counts as drift. Default 0.05. */
  maxTokensShareThreshold?: number;
  /** Calls a release needs on an endpoint to be compared. Default 20. */
  minCalls?: number;
}
