import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';

// Probes are linted as files at these paths with the project's own configuration, so the rule
// cannot be dropped or stop matching unnoticed.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

interface Declaration {
  FEATURE_DEPENDENCIES: Record<string, string[]>;
  CONTENT_TYPE_FEATURE_DEPENDENCIES: string[];
  holdsContentType(featureDir: string): boolean;
  dependenciesOf(feature: string, featuresDir: string): string[];
  FEATURE_SEAMS: Record<string, string[]>;
  FEATURES_IN_A_CYCLE: string[];
}
const declarationUrl = pathToFileURL(path.join(root, 'eslint/feature-dependencies.js')).href;
const declaration: Declaration = await import(declarationUrl);
const featuresDir = path.join(root, 'src/features');

/** Every feature's dependencies as the rule applies them: declared, plus a content type's standard ones. */
async function effectiveDependencies(): Promise<Record<string, string[]>> {
  const features = (await readdir(featuresDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  return Object.fromEntries(features.map((feature) => [feature, declaration.dependenciesOf(feature, featuresDir)]));
}

async function dependencyErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file), warnIgnored: true });
  assert.ok(result, `no lint result for ${file}`);
  assert.deepEqual(result.messages.filter((m) => m.fatal), [], `${file} did not parse`);
  return result.messages.filter((m) => m.ruleId === 'dove/feature-dependencies').map((m) => m.message);
}

const importOf = (source: string) => `import { x } from '${source}';\nvoid x;\n`;

describe('feature dependencies', () => {
  it('fails an import from a feature the importer does not declare, for values, types and dynamic imports', async () => {
    assert.equal(declaration.FEATURE_DEPENDENCIES['media']?.includes('mail'), false, 'the probe needs an undeclared pair');
    const [error] = await dependencyErrors('src/features/media/__probe.ts', importOf('../mail/outbox.js'));
    assert.match(error ?? '', /media does not declare a dependency on mail/);
    assert.equal((await dependencyErrors('src/features/media/__probe.ts', "import type { X } from '../mail/outbox.js';\nexport type Y = X;\n")).length, 1);
    assert.equal((await dependencyErrors('src/features/media/__probe.ts', "export const m = () => import('../mail/outbox.js');\n")).length, 1);
    assert.equal((await dependencyErrors('src/features/media/deep/__probe.ts', "export { x } from '../../mail/outbox.js';\n")).length, 1);
  });

  it('fails every cross-feature import of a feature that declares nothing', async () => {
    assert.equal((await dependencyErrors('src/features/__new-feature/__probe.ts', importOf('../media/storage.js'))).length, 1);
  });

  it("gives a folder holding a content type's description the standard dependencies, read from the folder, and no others", async () => {
    const probe = path.join(featuresDir, '__probe-tenders');
    await mkdir(probe, { recursive: true });
    try {
      await writeFile(path.join(probe, '__probe-tenders.type.ts'), 'export {};\n');
      assert.equal(declaration.FEATURE_DEPENDENCIES['__probe-tenders'], undefined, 'the probe feature declares nothing');
      for (const target of ['../content-types/public-pages.js', '../discovery/json-ld.js', '../media/picture.js', '../pages/page-intro.js']) {
        assert.deepEqual(await dependencyErrors('src/features/__probe-tenders/__probe.ts', importOf(target)), [], target);
      }
      const [error] = await dependencyErrors('src/features/__probe-tenders/__probe.ts', importOf('../mail/outbox.js'));
      assert.match(error ?? '', /__probe-tenders does not declare a dependency on mail/);
      assert.equal((await dependencyErrors('src/features/__probe-tenders/__probe.ts', importOf('../admin/admin-page.js'))).length, 1);
    } finally {
      await rm(probe, { recursive: true, force: true });
    }
    // The same folder without a description is an ordinary feature again: it declares nothing.
    assert.equal((await dependencyErrors('src/features/__probe-tenders/__probe.ts', importOf('../media/picture.js'))).length, 1);
    // A real content type without a line of its own still fails on what it does not declare.
    assert.equal(declaration.FEATURE_DEPENDENCIES['vacancies'], undefined);
    assert.equal((await dependencyErrors('src/features/vacancies/__probe.ts', importOf('../mail/outbox.js'))).length, 1);
    assert.equal((await dependencyErrors('src/features/vacancies/__probe.ts', importOf('../news/news.repository.js'))).length, 1);
    // A feature that holds no description gets nothing by default (media is one of the standard ones).
    assert.equal(declaration.holdsContentType(path.join(featuresDir, 'mail')), false);
    assert.equal((await dependencyErrors('src/features/mail/__probe.ts', importOf('../media/picture.js'))).length, 1);
  });

  it("lists for a content-type feature only what it adds to the standard dependencies", () => {
    for (const [feature, targets] of Object.entries(declaration.FEATURE_DEPENDENCIES)) {
      if (!declaration.holdsContentType(path.join(featuresDir, feature))) continue;
      for (const target of targets) assert.ok(!declaration.CONTENT_TYPE_FEATURE_DEPENDENCIES.includes(target), `${feature} lists ${target}, a standard dependency`);
    }
  });

  it('lets a feature use only the modules another exposes', async () => {
    const [error] = await dependencyErrors('src/features/operations/__probe.ts', importOf('../admin/menu-order.js'));
    assert.match(error ?? '', /admin exposes only admin-page, admin-layout, admin.messages/);
    assert.deepEqual(await dependencyErrors('src/features/operations/__probe.ts', importOf('../admin/admin-page.js')), []);
  });

  it('allows what is declared, imports inside a feature, the shared modules of src/features and tests (positive control)', async () => {
    assert.deepEqual(await dependencyErrors('src/features/mail/__probe.ts', importOf('../operations/operations.repository.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/media/__probe.ts', importOf('./storage.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/media/__probe.ts', importOf('../feature-options.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/index.ts', importOf('./mail/outbox.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/media/__probe.test.ts', importOf('../mail/outbox.js')), []);
  });

  it("counts a content type's description as the registry's: it reads only its feature's table types and catalogues", async () => {
    assert.equal(declaration.FEATURE_DEPENDENCIES['content-types']?.includes('news'), false, 'the probe needs the registry not to declare news');
    // The registry collects descriptions, and a feature that declares the registry reads them (positive control).
    assert.deepEqual(await dependencyErrors('src/features/content-types/__probe.ts', importOf('../news/news.type.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/events/__probe.ts', importOf('../news/news.type.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/news/__probe.type.ts', importOf('./news.tables.js') + importOf('./news.messages.js').replace(/x/g, 'm')), []);
    assert.deepEqual(await dependencyErrors('src/features/news/__probe.type.ts', importOf('../content-types/fields.js')), []);
    // The rest of the feature is not the registry's to import.
    assert.equal((await dependencyErrors('src/features/content-types/__probe.ts', importOf('../news/news.routes.js'))).length, 1);
    const [own] = await dependencyErrors('src/features/news/__probe.type.ts', importOf('./news.repository.js'));
    assert.match(own ?? '', /description belongs to the registry \(content-types\); of news it reads only table types and catalogues/);
    assert.equal((await dependencyErrors('src/features/news/__probe.type.ts', "export const m = () => import('./news.routes.js');\n")).length, 1);
    // A description depends on what the registry declares, not on what its feature declares.
    const [other] = await dependencyErrors('src/features/news/__probe.type.ts', importOf('../comments/comments.messages.js'));
    assert.match(other ?? '', /content-types does not declare a dependency on comments/);
  });

  it('keeps table types and catalogues leaves: of other features they import only table types', async () => {
    const [error] = await dependencyErrors('src/features/hrd-alerts/__probe.messages.ts', importOf('../hrd-cases/case-record.js'));
    assert.match(error ?? '', /table types and catalogues are leaves: of hrd-cases they import only table types/);
    assert.equal((await dependencyErrors('src/features/hrd-alerts/__probe.tables.ts', importOf('../hrd-cases/case-record.js'))).length, 1);
    assert.deepEqual(await dependencyErrors('src/features/hrd-alerts/__probe.messages.ts', importOf('../hrd-cases/cases.tables.js')), []);
    assert.deepEqual(await dependencyErrors('src/features/hrd-alerts/__probe.ts', importOf('../hrd-cases/case-record.js')), []);
  });

  it('declares no dependency that no module uses', async () => {
    const used = await featureImports();
    for (const [feature, targets] of Object.entries(declaration.FEATURE_DEPENDENCIES)) {
      for (const target of targets) assert.ok(used.get(feature)?.has(target), `${feature} declares ${target} but imports nothing from it`);
    }
  });

  it('keeps the admin frame free of features: sections, policies and counts are handed to it', () => {
    assert.deepEqual((declaration.FEATURE_DEPENDENCIES as Record<string, string[] | undefined>)['admin'] ?? [], []);
  });

  it('keeps the features that depend on themselves through others to the listed ones', async () => {
    assert.deepEqual(featuresInCycles(await effectiveDependencies()), [...declaration.FEATURES_IN_A_CYCLE].sort());
  });
});

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]+)['"]/g;

/** Which features each feature's modules (tests left out) import from. */
async function featureImports(): Promise<Map<string, Set<string>>> {
  const used = new Map<string, Set<string>>();
  for (const entry of await readdir(featuresDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const [feature, ...inside] = path.relative(featuresDir, file).split(path.sep);
    if (!inside.length) continue;
    for (const [, source] of (await readFile(file, 'utf8')).matchAll(IMPORT)) {
      const [target, ...rest] = path.relative(featuresDir, path.resolve(path.dirname(file), source!)).split(path.sep);
      if (!rest.length || target === feature || target!.startsWith('..')) continue;
      used.set(feature!, (used.get(feature!) ?? new Set()).add(target!));
    }
  }
  return used;
}

/** Features that reach themselves through the declared dependencies. */
function featuresInCycles(graph: Record<string, string[]>): string[] {
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [...(graph[from] ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(graph[next] ?? []));
    }
    return false;
  };
  return Object.keys(graph).filter((feature) => reaches(feature, feature)).sort();
}
