/** The @nestjs/swagger CLI plugin (as in nest-cli.json) for ts-jest, so tests see the same OpenAPI document. */
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 2,
  // ts-jest hands every factory the program it made first, before the file being compiled was
  // added: its type checker cannot see that file's types, so the plugin would infer none (return
  // types, enums). The language service's current program can.
  factory: (compiler) =>
    plugin.before(
      { introspectComments: true, classValidatorShim: true },
      compiler._languageService?.getProgram() ?? compiler.program,
    ),
};
