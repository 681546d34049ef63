import path from 'node:path';

/**
 * Fails an import from one feature (`src/features/<name>/`) into another that the importing
 * feature has not declared (`dependencies`), or into a module the other feature does not expose
 * (`seams`: for a feature listed there, only the named modules may be imported). Modules directly
 * in `src/features/` (the list of features, shared option and table types) belong to none.
 */

const FEATURES_DIR = 'src/features/';
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** The feature and the module inside it of a project-relative path, or undefined outside features. */
function featureOf(relative) {
  if (!relative.startsWith(FEATURES_DIR)) return undefined;
  const [feature, ...rest] = relative.slice(FEATURES_DIR.length).split('/');
  if (!rest.length) return undefined;
  return { feature, module: rest.join('/').replace(SOURCE_EXTENSION, '') };
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
          seams: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['dependencies'],
        additionalProperties: false,
      },
    ],
    messages: {
      undeclared: "'{{source}}': {{from}} does not declare a dependency on {{to}} (eslint/feature-dependencies.js).",
      notExposed: "'{{source}}': {{to}} exposes only {{seams}} to other features.",
    },
  },
  create(context) {
    const root = context.cwd;
    const importer = featureOf(projectRelative(root, context.filename));
    if (!importer) return {};
    const { dependencies, seams = {} } = context.options[0];
    const declared = new Set(dependencies[importer.feature] ?? []);

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = featureOf(projectRelative(root, path.resolve(path.dirname(context.filename), source)));
      if (!target || target.feature === importer.feature) return;
      const data = { source, from: importer.feature, to: target.feature };
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
