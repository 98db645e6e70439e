/** The @nestjs/swagger CLI plugin (as in nest-cli.json) for ts-jest, so tests see the same OpenAPI document. */
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) =>
    plugin.before({ introspectComments: true, classValidatorShim: true }, compiler.program),
};
