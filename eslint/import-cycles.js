import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Fails an import that closes a circle of modules: a file importing one that, through its own
 * imports, imports the first file again (types too: a circle of types is a knot of the design
 * all the same). The feature rule keeps features from depending on each other in a circle; this
 * one keeps files from doing it, inside a feature or across the layers.
 *
 * The file being linted is read from its text; the other files under src/ from the disk, once
 * (again only those that changed, looked at no more than once a second), with TypeScript's
 * scanner, which reads import and export declarations and `import()` and skips comments and
 * strings. From them, the files that can reach the linted one are found once per file; an import
 * of one of them closes a circle.
 *
 * `exceptions`: groups of files whose imports of each other are not counted, each with the
 * reason; a circle through any other import is still one.
 */

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const CANDIDATES = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** The file a relative import names, if it exists: `./x.js` is `./x.ts` or `./x.tsx` in the source. */
function resolveImport(fromFile, source) {
  if (!source.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(fromFile), source);
  const stem = target.replace(SOURCE, '');
  for (const candidate of [target, ...CANDIDATES.map((ext) => stem + ext)]) {
    if (SOURCE.test(candidate) && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

const TEST = /\.test\.tsx?$/;
/** How long the files' imports are trusted before their modification times are looked at again. */
const RECHECK_MS = 1000;

/** Every source file's imports under a folder, and who imports each (tests left out: no source imports them). */
const graphs = new Map();

function importGraph(folder) {
  let graph = graphs.get(folder);
  if (!graph) graphs.set(folder, (graph = { files: new Map(), importers: new Map(), checkedAt: 0 }));
  if (Date.now() - graph.checkedAt < RECHECK_MS) return graph;
  const present = new Set();
  let changed = false;
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name) || TEST.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    present.add(file);
    const { mtimeMs } = fs.statSync(file);
    if (graph.files.get(file)?.mtimeMs === mtimeMs) continue;
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    graph.files.set(file, { mtimeMs, targets: importedFiles.flatMap(({ fileName }) => resolveImport(file, fileName) ?? []) });
    changed = true;
  }
  for (const file of graph.files.keys()) if (!present.has(file)) changed = graph.files.delete(file) || changed;
  if (changed) graph.importers = importersOf(graph.files);
  graph.checkedAt = Date.now();
  return graph;
}

function importersOf(files) {
  const importers = new Map();
  for (const [from, { targets }] of files) for (const to of targets) importers.set(to, [...(importers.get(to) ?? []), from]);
  return importers;
}

/** The files from which `file` can be reached through imports (each walk leaves `file` at its first arrival). */
function filesReaching(file, importers, isException) {
  const reaching = new Set();
  const stack = [file];
  while (stack.length) {
    const to = stack.pop();
    for (const from of importers.get(to) ?? []) {
      if (from === file || reaching.has(from) || isException(from, to)) continue;
      reaching.add(from);
      stack.push(from);
    }
  }
  return reaching;
}

/** The shortest chain of imports from `start` back to `file`, through files that reach it. */
function pathBack(start, file, files, reaching, isException) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length) {
    const current = queue.shift();
    for (const next of files.get(current)?.targets ?? []) {
      if (isException(current, next) || cameFrom.has(next) || (next !== file && !reaching.has(next))) continue;
      cameFrom.set(next, current);
      if (next === file) {
        const chain = [];
        for (let at = next; at !== undefined; at = cameFrom.get(at)) chain.unshift(at);
        return chain;
      }
      queue.push(next);
    }
  }
  return [start, file];
}

export const importCycles = {
  meta: {
    type: 'problem',
    docs: { description: 'No import closes a circle of modules' },
    schema: [
      {
        type: 'object',
        properties: {
          exceptions: {
            type: 'array',
            items: {
              type: 'object',
              properties: { files: { type: 'array', items: { type: 'string' } }, reason: { type: 'string' } },
              required: ['files', 'reason'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      circle: "'{{source}}' closes an import circle: {{chain}}. Move what both sides need below them (a types module, the repository's row shape) so that the imports run one way.",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = path.resolve(context.filename);
    const groups = (context.options[0]?.exceptions ?? []).map(({ files }) => new Set(files.map((f) => path.resolve(root, f))));
    const isException = (from, to) => groups.some((group) => group.has(from) && group.has(to));
    const relative = (f) => path.relative(root, f).split(path.sep).join('/');

    const { files, importers } = importGraph(path.join(root, 'src'));
    let reaching;

    function check(node, source) {
      if (typeof source !== 'string') return;
      const target = resolveImport(file, source);
      if (!target || target === file || isException(file, target)) return;
      reaching ??= filesReaching(file, importers, isException);
      if (!reaching.has(target)) return;
      const chain = [file, ...pathBack(target, file, files, reaching, isException)].map(relative).join(' → ');
      context.report({ node, messageId: 'circle', data: { source, chain } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
