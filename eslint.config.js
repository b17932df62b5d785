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
      'scripts/**',
      '.ci/**',
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
