/**
 * Import rules between the feature folders of src/ (`npm run lint`). A feature may use what
 * another exports, but two folders never import each other, directly or around a circle.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle-between-folders',
      severity: 'error',
      comment: 'Feature folders form a hierarchy: break the circle with a leaf (common/) or a port.',
      scope: 'folder',
      from: { path: '^src/[^/]+' },
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // A type-only import ties two folders together as much as any other.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
