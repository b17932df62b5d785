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
  // The CLI is a user of the package: it imports the public entry points and the shared
  // internals, never a module behind them (docs/decisions/0007-layers-and-one-way-assembly.md).
  {
    files: ['src/cli/*.ts'],
    rules: { 'no-restricted-imports': ['error', cliImports('../')] },
  },
  {
    files: ['src/cli/commands/*.ts'],
    rules: { 'no-restricted-imports': ['error', cliImports('../../')] },
  },
  // The layers' boundaries (docs/concepts/architecture.md#boundaries).
  {
    files: ['src/core/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbidden('../', ['backends', 'outputs', 'cli'], 'core/')],
    },
  },
  {
    // The worker thread's entry builds the HTTP backend from its options: the one exception.
    files: ['src/core/workers/*.ts'],
    rules: {
      'no-restricted-imports': ['error', forbidden('../../', ['outputs', 'cli'], 'core/')],
    },
  },
  {
    files: ['src/metrics/*.ts'],
    rules: { 'no-restricted-imports': ['error', forbidden('../', ['report'], 'metrics/')] },
  },
  {
    files: ['src/backends/*.ts'],
    rules: { 'no-restricted-imports': ['error', forbidden('../', ['mock-server'], 'backends/')] },
  },
  {
    files: ['src/mock-server/*.ts'],
    rules: { 'no-restricted-imports': ['error', forbidden('../', ['backends'], 'mock-server/')] },
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

/** Forbids every import of `up` (the package's src/) but its entry points and src/internal/. */
function cliImports(up) {
  return {
    patterns: [
      {
        regex: `^${up.replace(/\./g, '\\.')}(?!index\\.js$|mock-server/index\\.js$|internal/)`,
        message:
          'The CLI imports only the public entry points (src/index.ts, src/mock-server/index.ts) and src/internal/.',
      },
    ],
  };
}

/** Forbids imports of the folders `layers` of src/ (reached through `up`) from `from`. */
function forbidden(up, layers, from) {
  return {
    patterns: [
      {
        regex: `^${up.replace(/\./g, '\\.')}(${layers.join('|')})/`,
        message: `${from} never imports ${layers.map((layer) => `${layer}/`).join(', ')} (docs/concepts/architecture.md#boundaries).`,
      },
    ],
  };
}
