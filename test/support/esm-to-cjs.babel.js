/**
 * Compiles the ES-module builds of NestJS 12 (and the few ESM packages they import) to CommonJS
 * for Jest. Such modules often declare `const require = createRequire(import.meta.url)`, which
 * would shadow the `require` calls the CommonJS transform writes, so that binding is renamed first.
 */
function renameLocalRequire() {
  return {
    visitor: {
      Program(path) {
        if (path.scope.hasOwnBinding('require')) path.scope.rename('require', '_moduleRequire');
      },
    },
  };
}

module.exports = {
  babelrc: false,
  plugins: [
    renameLocalRequire,
    // import() becomes require() too: Jest without --experimental-vm-modules cannot import().
    '@babel/plugin-transform-dynamic-import',
    '@babel/plugin-transform-modules-commonjs',
    'babel-plugin-transform-import-meta',
  ],
};
