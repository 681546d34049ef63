import { parseArgs } from 'node:util';
import { benchCases } from './cases/index.js';
import type { BenchSettings, CaseReport } from './lib/case.js';
import { describeMachine, machineLine, writeResults } from './lib/report.js';

const USAGE = `Usage: npm run bench [-- [case …] [options]]

Runs every benchmark, or the named ones, prints a Markdown table per case and writes
bench/results/<case>-<timestamp>.json and bench/results/latest-<case>.json.

Options:
  --connections <n>  concurrent connections per target (default 10)
  --duration <s>     measured seconds per target (default 8)
  --warmup <s>       unmeasured seconds per target before measuring (default 2)
  --strict           also exit with status 1 when a speed or memory target is missed
  --list             list the cases and exit
  --help             show this text`;

function positiveNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min}, not "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    connections: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    strict: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.list) {
  for (const c of benchCases) console.log(`${c.name.padEnd(12)} ${c.description}`);
  process.exit(0);
}

const unknown = positionals.filter((name) => !benchCases.some((c) => c.name === name));
if (unknown.length) {
  console.error(`Unknown case: ${unknown.join(', ')}. Cases: ${benchCases.map((c) => c.name).join(', ')}.`);
  process.exit(2);
}
const selected = positionals.length ? benchCases.filter((c) => positionals.includes(c.name)) : benchCases;

const settings: BenchSettings = {
  connections: positiveNumber('connections', values.connections, 10, 1),
  durationSeconds: positiveNumber('duration', values.duration, 8, 1),
  warmupSeconds: positiveNumber('warmup', values.warmup, 2, 0),
};
const machine = describeMachine();
// Progress goes to stderr, so stdout carries only the report (`npm run bench > report.md`).
const log = (line: string) => console.error(line);

const started = new Date();
console.log(`# Dove bench, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC\n`);
console.log(`Machine: ${machineLine(machine)}\n`);

let failed = false;
for (const benchCase of selected) {
  log(`Running ${benchCase.name}: ${benchCase.description}`);
  const caseStarted = new Date();
  let report: CaseReport;
  try {
    report = await benchCase.run({ settings, log });
  } catch (err) {
    failed = true;
    console.log(`## ${benchCase.name}\n\nFailed: ${err instanceof Error ? err.message : String(err)}\n`);
    continue;
  }
  const seconds = Math.round((Date.now() - caseStarted.getTime()) / 1000);
  const files = writeResults(benchCase.name, caseStarted, {
    case: benchCase.name,
    description: benchCase.description,
    date: caseStarted.toISOString(),
    durationSeconds: seconds,
    machine,
    failures: report.failures,
    overTarget: report.overTarget,
    ...report.data,
  });

  console.log(`## ${benchCase.name}: ${benchCase.description}\n`);
  console.log(report.markdown);
  if (report.overTarget.length) console.log(`\nOver target:\n${report.overTarget.map((l) => `- ${l}`).join('\n')}`);
  if (report.failures.length) console.log(`\nFailures:\n${report.failures.map((l) => `- ${l}`).join('\n')}`);
  console.log(`\nTook ${seconds} s. Results: ${files.join(', ')}\n`);
  if (report.failures.length || (values.strict && report.overTarget.length)) failed = true;
}
process.exitCode = failed ? 1 : 0;
