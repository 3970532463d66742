// One lint configuration for the whole checkout, run by `npm test` (scripts/test.sh).
// typescript-eslint's recommended rules, type-aware where a rule needs types, plus a few
// that catch real bugs here; rules that would flag deliberate patterns are relaxed with
// the reason beside them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The Node.js globals the plain-JavaScript files (bench/, scripts/) use; TypeScript files
// get theirs from @types/node, and typescript-eslint turns no-undef off for them.
const NODE_GLOBALS = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearImmediate',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'global',
    'globalThis',
    'performance',
    'process',
    'queueMicrotask',
    'setImmediate',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.tmp/', 'node_modules/', 'test/fixtures/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: 'error',
      // `const { a: _a, ...rest } = x` and `(_req, res) =>` say "deliberately unused".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `cond ? a++ : b++` as a statement is used on purpose for two-way counters.
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true }],
    },
  },
  {
    files: ['**/*.ts'],
    // tsconfig.test.json covers src/, test/ and bench/ in one program: one type-check for the whole lint.
    languageOptions: { parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection: the daemon's timers and sockets must say `void` when they mean it.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The CLI names a lazily imported module's type as `import('…').T` next to its `await import()`.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    // The library and the CLI write through injected streams (io.stdout, a pino logger), never the console.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests read untyped JSON (manifests, API bodies, OpenAPI schemas) and poke into fakes' internals.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Tests match column-aligned CLI output literally: `/moved      Movie/` reads like the output it checks.
      'no-regex-spaces': 'off',
    },
  },
);
