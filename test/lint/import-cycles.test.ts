import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';

// Probes are linted as files at these paths with the project's own configuration: a probe at a
// real file's path, with an import added, stands for that file changed; the other files are read
// from the tree as they are.
const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

interface Exception {
  files: string[];
  reason: string;
}
const { CIRCLES_TO_UNTANGLE } = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)) as { CIRCLES_TO_UNTANGLE: Exception[] };

async function circleErrors(file: string, code: string, linter = eslint): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: path.join(root, file), warnIgnored: true });
  assert.ok(result, `no lint result for ${file}`);
  assert.deepEqual(result.messages.filter((m) => m.fatal), [], `${file} did not parse`);
  return result.messages.filter((m) => m.ruleId === 'dove/import-cycles').map((m) => m.message);
}

describe('import circles', () => {
  it('fails an import that closes a circle, naming the files around it', async () => {
    // editor.form.ts imports editor.attachments.ts, so the attachments may not import the form.
    const [error] = await circleErrors('src/features/editor/editor.attachments.ts', "import { parseItemForm } from './editor.form.js';\nvoid parseItemForm;\n");
    assert.match(
      error ?? '',
      /'\.\/editor\.form\.js' closes an import circle: src\/features\/editor\/editor\.attachments\.ts → src\/features\/editor\/editor\.form\.ts → src\/features\/editor\/editor\.attachments\.ts/,
    );
  });

  it('counts type imports, re-exports and import() alike, and longer circles', async () => {
    // form-guard.ts imports its repository: a type taken back from it closes a circle too.
    assert.equal((await circleErrors('src/features/form-guard/form-guard.repository.ts', "import type { GuardResult } from './form-guard.js';\nexport type R = GuardResult;\n")).length, 1);
    assert.equal((await circleErrors('src/features/form-guard/form-guard.repository.ts', "export { policyOf } from './form-guard.js';\n")).length, 1);
    assert.equal((await circleErrors('src/features/form-guard/form-guard.repository.ts', "export const later = () => import('./form-guard.js');\n")).length, 1);
    // search.sources.ts → search.sources.repository.ts → search.files.ts: the last may not import the first.
    const [long] = await circleErrors('src/features/search/search.files.ts', "import { searchSources } from './search.sources.js';\nvoid searchSources;\n");
    assert.match(long ?? '', /search\.files\.ts → src\/features\/search\/search\.sources\.ts → src\/features\/search\/search\.sources\.repository\.ts → src\/features\/search\/search\.files\.ts/);
  });

  it('allows imports that run one way (positive control)', async () => {
    assert.deepEqual(await circleErrors('src/features/editor/editor.form.ts', "import { parseAttachments } from './editor.attachments.js';\nvoid parseAttachments;\n"), []);
    assert.deepEqual(await circleErrors('src/features/search/__probe.ts', "import { searchSources } from './search.sources.js';\nvoid searchSources;\n"), []);
    assert.deepEqual(await circleErrors('src/features/editor/editor.attachments.test.ts', "import { parseItemForm } from './editor.form.js';\nvoid parseItemForm;\n"), []);
  });

  it('an exception silences its own circle only, and the configuration lists only circles still there', async () => {
    const guard = 'src/features/form-guard/form-guard.ts';
    const guardRepository = 'src/features/form-guard/form-guard.repository.ts';
    const closing = "import type { GuardResult } from './form-guard.js';\nexport type R = GuardResult;\n";
    const excepting = (files: string[]) =>
      new ESLint({ cwd: root, overrideConfig: { rules: { 'dove/import-cycles': ['error', { exceptions: [{ files, reason: 'probe' }] }] } } });
    assert.deepEqual(await circleErrors(guardRepository, closing, excepting([guard, guardRepository])), []);
    assert.equal((await circleErrors(guardRepository, closing, excepting([guard, 'src/features/editor/editor.form.ts']))).length, 1);

    const strict = new ESLint({ cwd: root, overrideConfig: { rules: { 'dove/import-cycles': ['error', {}] } } });
    for (const { files } of CIRCLES_TO_UNTANGLE) {
      for (const file of files) {
        const errors = await circleErrors(file, await readTree(file), strict);
        assert.ok(errors.length > 0, `${file} is in no circle any more: take its group off CIRCLES_TO_UNTANGLE in eslint.config.js`);
        assert.deepEqual(await circleErrors(file, await readTree(file)), [], `${file}: the exception holds`);
      }
    }
  });
});

const readTree = (file: string) => readFile(path.join(root, file), 'utf8');
