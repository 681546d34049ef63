import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './server.js';

export const resultsDir = path.join(repoRoot, 'bench', 'results');

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average when the bench started: a busy shared machine shows up here. */
  loadAverage: number;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB; ${m.os}; Node ${m.node}; load average ${m.loadAverage} at start`;
}

export type Align = 'left' | 'right';

/** A GitHub-flavoured Markdown table, padded so it also reads well in a terminal. */
export function markdownTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cell: string, i: number) =>
    align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!);
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'right' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** `2026-11-21T10-31-54Z`: sortable and safe in file names. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

/**
 * Writes `bench/results/<case>-<stamp>.json` and `bench/results/latest-<case>.json`; each is
 * written to a .tmp name first, so a reader never sees half a file.
 */
export function writeResults(caseName: string, date: Date, payload: unknown): string[] {
  fs.mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(payload, null, 2)}\n`;
  const files = [path.join(resultsDir, `${caseName}-${fileStamp(date)}.json`), path.join(resultsDir, `latest-${caseName}.json`)];
  for (const file of files) {
    fs.writeFileSync(`${file}.tmp`, json);
    fs.renameSync(`${file}.tmp`, file);
  }
  return files.map((f) => path.relative(repoRoot, f));
}
