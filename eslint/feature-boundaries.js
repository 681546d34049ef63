import path from 'node:path';
import { holdsContentType } from './feature-dependencies.js';

/**
 * Fails an import from one feature (`src/features/<name>/`) into another that the importing
 * feature has not declared (`dependencies`), or into a module the other feature does not expose
 * (`seams`: for a feature listed there, only the named modules may be imported). Modules directly
 * in `src/features/` (the list of features, shared option and table types) belong to none.
 *
 * A content type's description (`<feature>/<name>.type.ts`) is the registry's data kept beside
 * its feature: it counts as a module of the registry (`registry`, content-types), which collects
 * the descriptions, and of its own feature it may read only table types and catalogues
 * (`*.tables`, `*.messages`). Those are leaves: of other features they import only table types.
 * So the registry reads its descriptions without depending on the features that depend on it.
 *
 * A content-type feature (its folder holds a `*.type.ts` description, read from the folder as
 * each file is linted) may also import `contentTypeDependencies` without declaring them.
 */

const FEATURES_DIR = 'src/features/';
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;
/** A content type's description, by its module's name inside its feature folder. */
const DESCRIPTION = /^[^/]+\.type$/;
/** Table types and message catalogues: what a description may read of its own feature. */
const LEAF = /^[^/]+\.(?:tables|messages)$/;
const TABLES = /^[^/]+\.tables$/;

/** The feature and the module inside it of a project-relative path, or undefined outside features. */
function featureOf(relative) {
  if (!relative.startsWith(FEATURES_DIR)) return undefined;
  const [feature, ...rest] = relative.slice(FEATURES_DIR.length).split('/');
  if (!rest.length) return undefined;
  return { feature, module: rest.join('/').replace(SOURCE_EXTENSION, '') };
}

/** As featureOf, with a description counted as the registry's module (`home`: the folder it sits in). */
function ownerOf(relative, registry) {
  const found = featureOf(relative);
  if (!found || !registry || !DESCRIPTION.test(found.module)) return found;
  return { feature: registry, module: found.module, home: found.feature };
}

function projectRelative(root, file) {
  return path.relative(root, file).split(path.sep).join('/');
}

export const featureDependencies = {
  meta: {
    type: 'problem',
    docs: { description: 'Features import only the features they declare, through the modules those expose' },
    schema: [
      {
        type: 'object',
        properties: {
          dependencies: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          contentTypeDependencies: { type: 'array', items: { type: 'string' } },
          seams: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          registry: { type: 'string' },
        },
        required: ['dependencies'],
        additionalProperties: false,
      },
    ],
    messages: {
      undeclared: "'{{source}}': {{from}} does not declare a dependency on {{to}} (eslint/feature-dependencies.js).",
      notExposed: "'{{source}}': {{to}} exposes only {{seams}} to other features.",
      descriptionReads:
        "'{{source}}': a content type's description belongs to the registry ({{registry}}); of {{to}} it reads only table types and catalogues (*.tables, *.messages).",
      leafImports: "'{{source}}': table types and catalogues are leaves: of {{to}} they import only table types (*.tables).",
    },
  },
  create(context) {
    const root = context.cwd;
    const { dependencies, contentTypeDependencies = [], seams = {}, registry } = context.options[0];
    const importer = ownerOf(projectRelative(root, context.filename), registry);
    if (!importer) return {};
    const declared = new Set(dependencies[importer.feature] ?? []);
    if (!importer.home && holdsContentType(path.join(root, FEATURES_DIR, importer.feature))) {
      for (const other of contentTypeDependencies) if (other !== importer.feature) declared.add(other);
    }
    const isLeaf = !importer.home && LEAF.test(importer.module);

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const resolved = projectRelative(root, path.resolve(path.dirname(context.filename), source));
      if (importer.home) {
        const own = featureOf(resolved);
        if (own?.feature === importer.home && !DESCRIPTION.test(own.module)) {
          if (!LEAF.test(own.module)) context.report({ node, messageId: 'descriptionReads', data: { source, registry, to: own.feature } });
          return;
        }
      }
      const target = ownerOf(resolved, registry);
      if (!target || target.feature === importer.feature) return;
      const data = { source, from: importer.feature, to: target.feature };
      if (isLeaf && !TABLES.test(target.module)) {
        context.report({ node, messageId: 'leafImports', data });
        return;
      }
      if (!declared.has(target.feature)) {
        context.report({ node, messageId: 'undeclared', data });
        return;
      }
      const exposed = seams[target.feature];
      if (exposed && !exposed.includes(target.module)) {
        context.report({ node, messageId: 'notExposed', data: { ...data, seams: exposed.join(', ') } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};
