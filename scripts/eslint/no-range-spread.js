// ESLint rule: no object spread of a source range (`{ ...range, approximate: true }`). A range of
// a file's text keeps its offsets and works out `start` and `end` when read (OffsetRange,
// src/core/source.ts): they are getters, which a spread does not copy, so the copy would have a
// file and no position. The helpers in src/core/source.ts (withApproximate, rangeIn, spanOf,
// plainRange) make copies that keep them. Uses type information: anything typed as a range counts,
// whatever its name.

/** A type with `file`, `start` and `end` and no `kind` (values have `kind` and a `range`). */
function isRangeType(type) {
  if (type.isUnion()) return type.types.some(isRangeType);
  const names = new Set(type.getProperties().map((p) => p.getName()));
  return names.has('file') && names.has('start') && names.has('end') && !names.has('kind');
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow spreading a source range: its positions are getters a spread drops' },
    messages: {
      spread:
        'Spreading a range copies only its file: start and end are worked out on demand (OffsetRange). Use withApproximate, rangeIn, spanOf or plainRange from src/core/source.ts.',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) return {};
    const checker = services.program.getTypeChecker();
    return {
      'ObjectExpression > SpreadElement'(node) {
        const tsNode = services.esTreeNodeToTSNodeMap.get(node.argument);
        const type = checker.getNonNullableType(checker.getTypeAtLocation(tsNode));
        if (isRangeType(type)) context.report({ node, messageId: 'spread' });
      },
    };
  },
};
