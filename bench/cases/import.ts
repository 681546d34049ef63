import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchCase, BenchContext, CaseReport } from '../lib/case.js';
import { markdownTable } from '../lib/report.js';
import { repoRoot } from '../lib/server.js';

/**
 * `dove import wordpress` (the compiled command, as production runs it) over a generated export
 * of 10,000 posts - English and Khmer pairs linked by Polylang, with categories, tags, shortcodes
 * and comments - into an empty SQLite database: posts per second, and peak memory, which must
 * not grow with the export (the reader streams; a tenth of the posts is run for comparison).
 * A second run over the same export shows what an unchanged re-import costs.
 */
export const IMPORT_TARGETS = { postsPerSecond: 150, peakRssMb: 300, rssGrowthMb: 60 };

const FULL_COUNT = Number(process.env.BENCH_IMPORT_COUNT ?? 10_000);
const SMALL_COUNT = Math.max(500, Math.round(FULL_COUNT / 10));
const RUN_TIMEOUT_MS = 20 * 60_000;
const CATEGORIES = 20;
const TAGS = 60;

const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

function term(tag: 'category' | 'tag', id: number, slug: string, name: string): string {
  return tag === 'category'
    ? `<wp:category><wp:term_id>${id}</wp:term_id><wp:category_nicename>${cdata(slug)}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name>${cdata(name)}</wp:cat_name></wp:category>\n`
    : `<wp:tag><wp:term_id>${id}</wp:term_id><wp:tag_slug>${cdata(slug)}</wp:tag_slug><wp:tag_name>${cdata(name)}</wp:tag_name></wp:tag>\n`;
}

/** One post: in English (even ids) or its Khmer translation (odd ids), about 2.5 KB of body. */
function post(id: number): string {
  const km = id % 2 === 1;
  const pair = Math.floor(id / 2);
  const title = km ? `សេចក្តីប្រកាសព័ត៌មានលេខ ${pair}` : `Statement number ${pair} on the right to assemble`;
  const slug = km ? `%e1%9e%9f-${pair}` : `statement-${pair}-right-to-assemble`;
  const paragraph = km
    ? 'ក្រុមគ្រួសារចំនួនច្រើនបានជួបប្រជុំគ្នាដោយសន្តិវិធីនៅមុខសាលាខេត្ត ដើម្បីទាមទារដំណោះស្រាយដោយយុត្តិធម៌។'
    : 'Families gathered peacefully outside the provincial hall to ask for a fair settlement of the dispute over their land.';
  const body = `${Array.from({ length: 6 }, () => paragraph).join('\n\n')}\n\n[caption id="attachment_1" width="300"]<img src="http://old.bench.test/wp-content/uploads/missing.jpg" alt="x"> A caption[/caption]\n\n[box]Read the full statement.[/box] See <a href="http://old.bench.test/?p=${id > 1 ? id - 2 : id}">the previous one</a>.`;
  const comment = id % 10 === 0
    ? `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>${cdata('Reader')}</wp:comment_author><wp:comment_author_email>${cdata('reader@example.org')}</wp:comment_author_email><wp:comment_date>${cdata('2024-01-02 10:00:00')}</wp:comment_date><wp:comment_date_gmt>${cdata('2024-01-02 03:00:00')}</wp:comment_date_gmt><wp:comment_content>${cdata('Thank you for this statement.')}</wp:comment_content><wp:comment_approved>${cdata('1')}</wp:comment_approved><wp:comment_type>${cdata('comment')}</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>`
    : '';
  const day = String((pair % 28) + 1).padStart(2, '0');
  return `<item><title>${cdata(title)}</title><link>http://old.bench.test/${km ? 'km/' : ''}2024/01/${day}/${slug}/</link><dc:creator>${cdata('admin')}</dc:creator><guid isPermaLink="false">http://old.bench.test/?p=${id}</guid><content:encoded>${cdata(body)}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded><wp:post_id>${id}</wp:post_id><wp:post_date>${cdata(`2024-01-${day} 10:00:00`)}</wp:post_date><wp:post_date_gmt>${cdata(`2024-01-${day} 03:00:00`)}</wp:post_date_gmt><wp:comment_status>${cdata('open')}</wp:comment_status><wp:post_name>${cdata(slug)}</wp:post_name><wp:status>${cdata('publish')}</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>${cdata('post')}</wp:post_type><category domain="category" nicename="topic-${pair % CATEGORIES}">${cdata(`Topic ${pair % CATEGORIES}`)}</category><category domain="post_tag" nicename="tag-${pair % TAGS}">${cdata(`Tag ${pair % TAGS}`)}</category><category domain="language" nicename="${km ? 'km' : 'en'}">${cdata(km ? 'ខ្មែរ' : 'English')}</category><category domain="post_translations" nicename="pll_${pair}">${cdata(`pll_${pair}`)}</category>${comment}</item>\n`;
}

/** Writes an export of `count` posts, streamed so the generator's memory stays small too. */
export async function writeExport(file: string, count: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title><link>http://old.bench.test</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>http://old.bench.test</wp:base_site_url><wp:base_blog_url>http://old.bench.test</wp:base_blog_url>\n`);
  for (let i = 0; i < CATEGORIES; i++) await write(term('category', 1000 + i, `topic-${i}`, `Topic ${i}`));
  for (let i = 0; i < TAGS; i++) await write(term('tag', 2000 + i, `tag-${i}`, `Tag ${i}`));
  for (let id = 2; id < count + 2; id++) await write(post(id));
  await write('</channel>\n</rss>\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return fs.statSync(file).size;
}

interface ImportRun {
  posts: number;
  exportMb: number;
  pass: 'first' | 'again';
  seconds: number;
  postsPerSecond: number;
  peakRssMb: number | undefined;
  outcomes: Record<string, number>;
  loadAverage: number[];
}

function peakRssMbOf(pid: number): number | undefined {
  try {
    const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the compiled command once; its peak memory is read from /proc until it exits. */
async function runImport(ctx: BenchContext, dir: string, file: string, posts: number, pass: ImportRun['pass']): Promise<ImportRun> {
  const report = path.join(dir, `report-${pass}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/dove.js'), 'import', 'wordpress', file, '--report', report, '--fetch-timeout', '1'], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production', DATA_DIR: dir, DATABASE_URL: path.join(dir, 'dove.sqlite'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let peak: number | undefined;
  const sampler = setInterval(() => (peak = peakRssMbOf(child.pid!) ?? peak), 50);
  const timeout = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  clearTimeout(timeout);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`dove import wordpress exited with ${code}: ${stderr}`);
  const entries = (JSON.parse(fs.readFileSync(report, 'utf8')) as { entries: Array<{ object: string; outcome: string }> }).entries.filter((e) => e.object === 'post');
  const outcomes: Record<string, number> = {};
  for (const e of entries) outcomes[e.outcome] = (outcomes[e.outcome] ?? 0) + 1;
  ctx.log(`  ${pass}: ${posts} posts in ${seconds.toFixed(1)} s, peak RSS ${peak?.toFixed(0)} MB`);
  return {
    posts, exportMb: Math.round((fs.statSync(file).size / 1048576) * 10) / 10, pass, seconds: Math.round(seconds * 100) / 100,
    postsPerSecond: Math.round(posts / seconds), peakRssMb: peak === undefined ? undefined : Math.round(peak), outcomes,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function measure(ctx: BenchContext, count: number, again: boolean): Promise<ImportRun[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-bench-import-'));
  try {
    const file = path.join(dir, 'export.xml');
    ctx.log(`import: generating an export of ${count.toLocaleString('en')} posts`);
    await writeExport(file, count);
    const runs = [await runImport(ctx, dir, file, count, 'first')];
    if (again) runs.push(await runImport(ctx, dir, file, count, 'again'));
    return runs;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const importCase: BenchCase = {
  name: 'import',
  description: `dove import wordpress: a generated export of ${FULL_COUNT.toLocaleString('en')} posts (Polylang pairs) into an empty database`,
  async run(ctx): Promise<CaseReport> {
    const small = await measure(ctx, SMALL_COUNT, false);
    const full = await measure(ctx, FULL_COUNT, true);
    const runs = [...small, ...full];
    const firstFull = full[0]!;
    const failures: string[] = [];
    for (const r of runs) {
      const expected = r.pass === 'first' ? 'imported' : 'unchanged';
      if (r.outcomes[expected] !== r.posts) failures.push(`${r.pass} run of ${r.posts}: ${JSON.stringify(r.outcomes)}, expected ${r.posts} ${expected}`);
    }
    const overTarget: string[] = [];
    if (firstFull.postsPerSecond < IMPORT_TARGETS.postsPerSecond) overTarget.push(`import: ${firstFull.postsPerSecond} posts/s < ${IMPORT_TARGETS.postsPerSecond}`);
    const peak = Math.max(...runs.map((r) => r.peakRssMb ?? 0));
    if (peak > IMPORT_TARGETS.peakRssMb) overTarget.push(`import: peak RSS ${peak} MB > ${IMPORT_TARGETS.peakRssMb} MB`);
    const growth = (firstFull.peakRssMb ?? 0) - (small[0]!.peakRssMb ?? 0);
    if (growth > IMPORT_TARGETS.rssGrowthMb) overTarget.push(`import: peak RSS grew ${growth} MB from ${SMALL_COUNT} to ${FULL_COUNT} posts (> ${IMPORT_TARGETS.rssGrowthMb} MB)`);
    const table = markdownTable(
      ['posts', 'export (MB)', 'run', 'seconds', 'posts/s', 'peak RSS (MB)', 'outcomes'],
      runs.map((r) => [r.posts.toLocaleString('en'), String(r.exportMb), r.pass, r.seconds.toFixed(1), String(r.postsPerSecond), String(r.peakRssMb ?? 'n/a'), Object.entries(r.outcomes).map(([k, v]) => `${v} ${k}`).join(', ')]),
      ['right', 'right', 'left', 'right', 'right', 'right', 'left'],
    );
    const notes = [
      `Targets: at least ${IMPORT_TARGETS.postsPerSecond} posts/s on the first run of ${FULL_COUNT.toLocaleString('en')}; peak RSS at most ${IMPORT_TARGETS.peakRssMb} MB, and at most ${IMPORT_TARGETS.rssGrowthMb} MB more than for ${SMALL_COUNT.toLocaleString('en')} posts.`,
      'Each run is the compiled `dove import wordpress` in its own process (start-up, migrations and both passes over the file included); "again" re-imports the same export, which changes nothing.',
      `Load average at the end: ${runs.map((r) => r.loadAverage.join(' / ')).join('; ')} (2 cores, shared).`,
    ].join('\n');
    return { markdown: `${table}\n\n${notes}`, failures, overTarget, data: { targets: IMPORT_TARGETS, runs } };
  },
};
