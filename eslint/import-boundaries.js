import path from 'node:path';

/**
 * Fails an import that crosses a layer boundary. Each option forbids a set of modules, named by
 * project-relative glob (`src/features/**`, `src/app.ts`; `*` stays within one folder) or by
 * package (`kysely`).
 * Relative specifiers are resolved against the importing file, so the same rule holds at any depth.
 * A forbidden target may still be imported for its types where `allowTypeImports` says so.
 */

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** `src/web/layout.js` and `src/web/layout.tsx` name the same module: compare without extensions. */
function stripExtension(p) {
  return p.replace(SOURCE_EXTENSION, '');
}

const patterns = new Map();

function globToRegExp(glob) {
  let cached = patterns.get(glob);
  if (!cached) {
    const body = stripExtension(glob)
      .split(/(\*\*\/?|\*)/)
      .map((part) => (part.startsWith('**') ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    cached = new RegExp(`^${body}$`);
    patterns.set(glob, cached);
  }
  return cached;
}

function matchesPath(resolved, glob) {
  return globToRegExp(glob).test(stripExtension(resolved));
}

function isTypeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const targetSchema = {
  type: 'object',
  properties: {
    paths: { type: 'array', items: { type: 'string' } },
    packages: { type: 'array', items: { type: 'string' } },
    allowTypeImports: { type: 'boolean' },
    /** Type imports of these path prefixes or files are allowed even when the target is forbidden. */
    allowTypeImportsFrom: { type: 'array', items: { type: 'string' } },
    message: { type: 'string' },
  },
  required: ['message'],
  additionalProperties: false,
};

export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbids imports that cross the layers drawn in docs/ARCHITECTURE.md' },
    schema: { type: 'array', items: targetSchema },
    messages: { boundary: "'{{source}}' crosses a layer boundary: {{message}}" },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const rules = context.options;

    function check(node, source) {
      if (typeof source !== 'string') return;
      const resolved = source.startsWith('.')
        ? path.relative(root, path.resolve(path.dirname(file), source)).split(path.sep).join('/')
        : undefined;
      for (const rule of rules) {
        const hit = resolved !== undefined
          ? (rule.paths ?? []).some((t) => matchesPath(resolved, t))
          : (rule.packages ?? []).some((p) => source === p || source.startsWith(`${p}/`));
        if (!hit) continue;
        if (isTypeOnly(node)) {
          if (rule.allowTypeImports) continue;
          if (resolved !== undefined && (rule.allowTypeImportsFrom ?? []).some((t) => matchesPath(resolved, t))) continue;
        }
        context.report({ node, messageId: 'boundary', data: { source, message: rule.message } });
        return;
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

export default { rules: { 'import-boundaries': importBoundaries } };
