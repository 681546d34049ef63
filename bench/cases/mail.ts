import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { renderMail } from '../../src/features/mail/mail-layout.js';
import { enqueueMails, type OutgoingMail } from '../../src/features/mail/outbox.js';
import type { BenchCase, BenchContext, CaseReport } from '../lib/case.js';
import { markdownTable } from '../lib/report.js';
import { repoRoot } from '../lib/server.js';

/**
 * Targets on the reference machine (2 shared cores, the SMTP sink on the same machine):
 * throughput of the sender, and a sender whose memory does not grow with the list.
 */
export const MAIL_TARGETS = { messagesPerSecond: 1000, peakRssMb: 250, rssGrowthMb: 40 };

/** BENCH_MAIL_COUNT for a quicker run while developing; the small run shows memory is flat. */
const FULL_COUNT = Number(process.env.BENCH_MAIL_COUNT ?? 100_000);
const SMALL_COUNT = Math.max(1000, Math.round(FULL_COUNT / 10));
const CONCURRENCY = Number(process.env.BENCH_MAIL_CONCURRENCY ?? 8);
const ENQUEUE_CHUNK = 5000;
const FROM = 'newsletter@bench.test';
const RUN_TIMEOUT_MS = 15 * 60_000;

interface SinkStats {
  received: number;
  unique: number;
  duplicates: number;
  firstAt: number;
  lastAt: number;
}

interface MailRun {
  messages: number;
  concurrency: number;
  enqueueSeconds: number;
  /** From the first message the sink accepted to the last. */
  deliverySeconds: number;
  messagesPerSecond: number;
  /** Including the sender's start (loading tsx, opening the database). */
  wallSeconds: number;
  senderCpuSeconds: number | undefined;
  peakRssMb: number | undefined;
  sampledPeakRssMb: number | undefined;
  rssSamples: number;
  sink: SinkStats;
  rows: Record<string, number>;
  averageMessageBytes: number;
  loadAverage: number[];
}

/** One newsletter, rendered once per locale; each recipient's copy differs in its unsubscribe link. */
function newsletter(): Record<'en' | 'km', { subject: string; html: string; text: string }> {
  const settings = { name: 'Cambodian Center for Human Rights', publicUrl: 'https://cchr.example', logoUrl: '/media/logo-96.jpg', address: 'Phnom Penh, Cambodia' };
  const paragraphs = {
    en: [
      'This month we documented new cases of restrictions on peaceful assembly in three provinces and met with community representatives affected by land disputes.',
      'Our new report on freedom of expression online is available in English and Khmer. It looks at arrests for social media posts and at the laws used to justify them.',
      'We thank the readers who joined the public forum in Siem Reap; the questions they raised shape the next round of trainings for human rights defenders.',
    ],
    km: [
      'ក្នុងខែនេះ យើងបានកត់ត្រាករណីថ្មីៗនៃការរឹតត្បិតលើការជួបប្រជុំដោយសន្តិវិធីនៅក្នុងខេត្តចំនួនបី ហើយបានជួបជាមួយតំណាងសហគមន៍ដែលរងផលប៉ះពាល់ពីវិវាទដីធ្លី។',
      'របាយការណ៍ថ្មីរបស់យើងស្តីពីសេរីភាពនៃការបញ្ចេញមតិតាមអនឡាញ មានជាភាសាអង់គ្លេស និងភាសាខ្មែរ។',
      'យើងសូមអរគុណអ្នកអានដែលបានចូលរួមវេទិកាសាធារណៈនៅសៀមរាប។',
    ],
  };
  const out = {} as Record<'en' | 'km', { subject: string; html: string; text: string }>;
  for (const locale of ['en', 'km'] as const) {
    const title = locale === 'en' ? 'Human rights in Cambodia: the month in brief' : 'សិទ្ធិមនុស្សនៅកម្ពុជា៖ សង្ខេបប្រចាំខែ';
    const { html, text } = renderMail({
      locale,
      settings,
      preheader: paragraphs[locale][0]!.slice(0, 90),
      title,
      bodyHtml: paragraphs[locale].map((p) => `<p>${p}</p>`).join('') + `<p><a href="/${locale}/publications">${locale === 'en' ? 'Read the report' : 'អានរបាយការណ៍'}</a></p>`,
      unsubscribeUrl: 'https://cchr.example/unsubscribe/TOKEN',
    });
    out[locale] = { subject: title, html, text };
  }
  return out;
}

function mailsFor(from: number, to: number, letter: ReturnType<typeof newsletter>): OutgoingMail[] {
  const mails: OutgoingMail[] = [];
  for (let i = from; i < to; i++) {
    const m = letter[i % 5 === 0 ? 'km' : 'en'];
    const token = `t${i.toString(36)}x${((i * 2654435761) >>> 0).toString(36)}`;
    mails.push({
      to: `reader-${i}@readers.example`,
      subject: m.subject,
      html: m.html.replace('TOKEN', token),
      text: m.text.replace('TOKEN', token),
      kind: 'mailing',
      idempotencyKey: `mailing:bench:${i}`,
      headers: { 'List-Unsubscribe': `<https://cchr.example/unsubscribe/${token}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }
  return mails;
}

function readStatus(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

function readCpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function startSink(): Promise<{ child: ChildProcess; port: number; stats(): Promise<SinkStats> }> {
  const child = fork(path.join(repoRoot, 'test/helpers/smtp-sink-process.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code})`)));
  });
  const stats = () =>
    new Promise<SinkStats>((resolve) => {
      child.once('message', (m) => resolve(m as SinkStats));
      child.send('stats');
    });
  return { child, port, stats };
}

async function runOnce(count: number, ctx: BenchContext): Promise<MailRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-bench-mail-'));
  const dbFile = path.join(dir, 'dove.sqlite');
  const sink = await startSink();
  let worker: ChildProcess | undefined;
  try {
    const db = openDatabase(dbFile);
    await migrateToLatest(db);
    const letter = newsletter();
    ctx.log(`  queueing ${count.toLocaleString('en')} messages`);
    const enqueueStarted = performance.now();
    for (let i = 0; i < count; i += ENQUEUE_CHUNK) {
      const chunk = mailsFor(i, Math.min(count, i + ENQUEUE_CHUNK), letter);
      await db.transaction().execute((tx) => enqueueMails(tx, chunk));
    }
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    await db.destroy();

    ctx.log(`  sending them through a pool of ${CONCURRENCY} SMTP connections to a sink in another process`);
    const started = performance.now();
    let output = '';
    worker = spawn(process.execPath, [path.join(repoRoot, 'bin/dove.js'), 'mail', 'worker'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATA_DIR: dir,
        DATABASE_URL: dbFile,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        MAIL_FROM: FROM,
        MAIL_RATE_PER_SECOND: '100000',
        MAIL_CONCURRENCY: String(CONCURRENCY),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    worker.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const pid = worker.pid!;
    let sampledPeak = 0;
    let samples = 0;
    let hwm: number | undefined;
    let cpu: number | undefined;
    let stats = await sink.stats();
    let lastLog = performance.now();
    while (stats.received < count) {
      await sleep(200);
      const status = readStatus(pid);
      if (status) {
        samples++;
        sampledPeak = Math.max(sampledPeak, status.rssMb);
        hwm = status.hwmMb;
      }
      cpu = readCpuSeconds(pid) ?? cpu;
      stats = await sink.stats();
      if (worker.exitCode !== null) throw new Error(`the mail worker exited (${worker.exitCode}):\n${output}`);
      if (performance.now() - started > RUN_TIMEOUT_MS) throw new Error(`only ${stats.received} of ${count} messages arrived in time`);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        ctx.log(`    ${stats.received.toLocaleString('en')} delivered, sender RSS ${status?.rssMb.toFixed(0)} MB`);
      }
    }
    const wallSeconds = (performance.now() - started) / 1000;
    hwm = readStatus(pid)?.hwmMb ?? hwm;
    cpu = readCpuSeconds(pid) ?? cpu;
    // The sender records each acceptance right after the sink's reply: give it a moment, then stop it.
    await sleep(500);
    const exited = new Promise<void>((resolve) => worker!.once('exit', () => resolve()));
    worker.kill('SIGTERM');
    await exited;
    stats = await sink.stats();

    const check = openDatabase(dbFile);
    const rows = Object.fromEntries(
      (
        await check
          .selectFrom('outboxDeliveries')
          .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('state')
          .execute()
      ).map((r) => [r.state, Number(r.n)]),
    );
    const size = await check
      .selectFrom('outboxMessages')
      .select((eb) => eb.fn.avg<number>(eb.fn('length', ['html'])).as('html'))
      .executeTakeFirstOrThrow();
    await check.destroy();
    const deliverySeconds = Math.max(0.001, (stats.lastAt - stats.firstAt) / 1000);
    return {
      messages: count,
      concurrency: CONCURRENCY,
      enqueueSeconds,
      deliverySeconds,
      messagesPerSecond: stats.received / deliverySeconds,
      wallSeconds,
      senderCpuSeconds: cpu,
      peakRssMb: hwm,
      sampledPeakRssMb: samples ? sampledPeak : undefined,
      rssSamples: samples,
      sink: stats,
      rows,
      averageMessageBytes: Math.round(Number(size.html)),
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    };
  } finally {
    if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    sink.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runMailBench(ctx: BenchContext): Promise<CaseReport> {
  const failures: string[] = [];
  const overTarget: string[] = [];
  const runs: MailRun[] = [];
  for (const count of [SMALL_COUNT, FULL_COUNT]) {
    ctx.log(`mail: ${count.toLocaleString('en')} messages`);
    try {
      runs.push(await runOnce(count, ctx));
    } catch (err) {
      failures.push(`${count} messages: ${(err as Error).message}`);
    }
  }
  for (const r of runs) {
    if (r.sink.duplicates > 0) failures.push(`${r.messages}: ${r.sink.duplicates} duplicate messages`);
    if (r.sink.unique !== r.messages) failures.push(`${r.messages}: the sink got ${r.sink.unique} distinct messages`);
    if ((r.rows.sent ?? 0) !== r.messages) failures.push(`${r.messages}: ${r.rows.sent ?? 0} rows recorded as sent (${JSON.stringify(r.rows)})`);
  }
  const full = runs.find((r) => r.messages === FULL_COUNT);
  const small = runs.find((r) => r.messages === SMALL_COUNT);
  if (full) {
    if (full.messagesPerSecond < MAIL_TARGETS.messagesPerSecond) overTarget.push(`${Math.round(full.messagesPerSecond)} messages/s < ${MAIL_TARGETS.messagesPerSecond}`);
    if ((full.peakRssMb ?? 0) > MAIL_TARGETS.peakRssMb) overTarget.push(`sender peak RSS ${full.peakRssMb?.toFixed(0)} MB > ${MAIL_TARGETS.peakRssMb} MB`);
  }
  const growth = full && small && full.peakRssMb !== undefined && small.peakRssMb !== undefined ? full.peakRssMb - small.peakRssMb : undefined;
  if (growth !== undefined && growth > MAIL_TARGETS.rssGrowthMb) overTarget.push(`sender memory grew ${growth.toFixed(0)} MB from ${SMALL_COUNT} to ${FULL_COUNT} messages`);

  const mb = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(0));
  const table = markdownTable(
    ['messages', 'connections', 'queue s', 'deliver s', 'messages/s', 'sender CPU s', 'sender peak RSS MB (sampled)', 'duplicates', 'rows sent'],
    runs.map((r) => [
      r.messages.toLocaleString('en'),
      String(r.concurrency),
      r.enqueueSeconds.toFixed(1),
      r.deliverySeconds.toFixed(1),
      Math.round(r.messagesPerSecond).toLocaleString('en'),
      r.senderCpuSeconds === undefined ? 'n/a' : r.senderCpuSeconds.toFixed(1),
      `${mb(r.peakRssMb)} (${mb(r.sampledPeakRssMb)})`,
      String(r.sink.duplicates),
      (r.rows.sent ?? 0).toLocaleString('en'),
    ]),
    ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const notes = [
    `A newsletter rendered with renderMail (about ${runs[0]?.averageMessageBytes.toLocaleString('en') ?? '?'} bytes of HTML plus a text version, one in five in Khmer, a personal unsubscribe link and List-Unsubscribe headers) is queued for each recipient with enqueueMails (chunks of ${ENQUEUE_CHUNK.toLocaleString('en')} in one transaction each), into a fresh SQLite database.`,
    `Then \`node bin/dove.js mail worker\` sends them (MAIL_CONCURRENCY=${CONCURRENCY}, no rate limit) to an SMTP sink (smtp-server) in a third process on 127.0.0.1, which counts messages by Message-ID.`,
    'messages/s: from the first message the sink accepted to the last. Peak RSS: the kernel\'s high-water mark of the sender (VmHWM); in brackets the highest RSS sampled every 200 ms.',
    `The smaller run (${SMALL_COUNT.toLocaleString('en')}) is there to compare memory: it must not grow with the list. Targets: ≥ ${MAIL_TARGETS.messagesPerSecond} messages/s, peak RSS ≤ ${MAIL_TARGETS.peakRssMb} MB, growth ≤ ${MAIL_TARGETS.rssGrowthMb} MB.`,
    `Load average at the end: ${runs.map((r) => r.loadAverage.join(' / ')).join('; ')} (2 cores shared with the sink and anything else running).`,
  ].join('\n');
  return { markdown: `${table}\n\n${notes}`, failures, overTarget, data: { targets: MAIL_TARGETS, runs } };
}

export const mailCase: BenchCase = {
  name: 'mail',
  description: 'queue 100,000 messages and deliver them over SMTP to a sink in another process',
  run: runMailBench,
};
