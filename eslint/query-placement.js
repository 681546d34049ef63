/**
 * Fails query building outside the modules allowed to talk to the database: a call to one of
 * Kysely's query starters (`db.selectFrom(...)`, `tx.insertInto(...)`, ...), an `sql` template or
 * one of the `sql.*` helpers (`sql.raw`, `sql.ref`, `sql.join`, ...). Which files may build queries
 * is said by the configuration (`files`/`ignores`), so this rule only recognises a query.
 */

export const QUERY_STARTERS = [
  'selectFrom',
  'selectNoFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'executeQuery',
];

const SQL_TAG = 'sql';

function calleeName(callee) {
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
    return callee.property.name;
  }
  return undefined;
}

function isSqlHelper(callee) {
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === SQL_TAG;
}

export const queriesInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'Queries are built only in repositories (docs/ARCHITECTURE.md, "Layers")' },
    schema: [
      {
        type: 'object',
        properties: { message: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: { query: '{{what}} builds a query here: {{message}}' },
  },
  create(context) {
    const message = context.options[0]?.message ?? 'queries live in *.repository.ts files; call a repository function.';
    const report = (node, what) => context.report({ node, messageId: 'query', data: { what, message } });
    return {
      CallExpression(node) {
        const name = calleeName(node.callee);
        if (name && QUERY_STARTERS.includes(name)) report(node, `'${name}'`);
        else if (isSqlHelper(node.callee)) report(node, `'sql.${name}'`);
      },
      TaggedTemplateExpression(node) {
        const tag = node.tag.type === 'TSInstantiationExpression' ? node.tag.expression : node.tag;
        if (tag.type === 'Identifier' && tag.name === SQL_TAG) report(node, 'the sql template');
      },
    };
  },
};
