// ESLint for src/, test/, bench/ and scripts/: the recommended JavaScript and TypeScript rules
// (syntax-level, no type information, so it runs in seconds). `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  { ignores: ['dist/', 'lib/', 'coverage/', 'node_modules/', 'loadgate-results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', performance: 'readonly' },
    },
    rules: {
      // `_name` marks a value deliberately unused (a destructured field dropped, a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'warn',
      // User-facing errors carry a complete message by design (what, where, how to fix) and some
      // replace the cause on purpose (the GitHub client redacts the token from it).
      'preserve-caught-error': 'off',
    },
  },
  // Tests read untyped JSON documents back; `any` there is the honest type.
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
