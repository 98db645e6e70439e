// ESLint flat config of the project (`npm run lint`); kept under .ci/ so the top level stays as agreed.
import js from '@eslint/js';
import prettier from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/generated: the client types `npm run openapi:types` writes from the OpenAPI document.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['log', 'error'] }],
    },
  },
  {
    // Layers: transport and rules go through their feature's repository, which alone speaks TypeORM.
    files: ['src/**/*.service.ts', 'src/**/*.controller.ts', 'src/**/*.processor.ts', 'src/**/*.gateway.ts'],
    // The transaction runner is the repositories' own infrastructure.
    ignores: ['src/database/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: "Queries belong in the feature's repository." },
            { name: '@nestjs/typeorm', message: "Queries belong in the feature's repository." },
          ],
          patterns: [{ group: ['typeorm/*'], message: "Queries belong in the feature's repository." }],
        },
      ],
    },
  },
  {
    files: ['test/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
