/** Settings every case receives from the command line (`npm run bench -- --duration 5`). */
export interface BenchSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface BenchContext {
  settings: BenchSettings;
  log(line: string): void;
}

export interface CaseReport {
  /** Markdown printed under the case's heading: its table and notes. */
  markdown: string;
  /** Wrong answers (non-2xx, connection errors, a server that would not start): the run fails. */
  failures: string[];
  /** Measurements outside the speed or memory targets the case sets. */
  overTarget: string[];
  /** Everything measured, written to bench/results/<case>-<stamp>.json. */
  data: Record<string, unknown>;
}

/**
 * One benchmark: `site` (pages over a large data set) now; search, mail and others later
 * as further files in bench/cases/, listed in bench/cases/index.ts.
 */
export interface BenchCase {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<CaseReport>;
}
