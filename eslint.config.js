import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'docs/api/', 'out/', 'coverage/'] },
  js.configs.recommended,
  { languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: [
      'src/cli/**',
      'test/**',
      'examples/**',
      'bench/**',
      '.ci/**',
      'scripts/**',
      '*.config.*',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['examples/jest-integration/**'],
    languageOptions: { globals: globals.jest },
  },
  {
    // CommonJS consumers of the package (the smoke test, the Jest example's config).
    files: ['**/*.cjs', 'examples/jest-integration/jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
