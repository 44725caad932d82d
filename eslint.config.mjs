// ESLint flat config: typescript-eslint's recommended rules on src, test, scripts and bench, and
// the component boundaries of src/ (issue 13, see BOUNDARIES below).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/*
 * BOUNDARIES. A component is a folder of src/ (dossiers, ledger, jobs…); another component may
 * import it only through its index.ts. Layers that anyone may import and that import no component:
 * shared/, web/, config.ts (they may name a component's types, `import type` from its index.ts);
 * db/ too, except the entity files it registers with TypeORM (entities.ts) and the component index
 * a data migration calls. The composition root (src/*.ts, src/cli/) wires
 * the app: it imports components' index.ts, their routers (*.routes.ts) and page models (*.page.ts),
 * which read from many components and are imported by no index. No import cycles
 * (value imports; `import type` vanishes at compile time). Tests are free to reach inside.
 * The rule matches the import's text, so write component imports as '../x' or '../x/index'.
 */
const LAYERS = ['shared', 'db', 'web', 'config'];
const up = (depth) => (depth === 0 ? '\\./' : '(\\.\\./){' + depth + '}');
const layer = `(${LAYERS.join('|')})(/|$)`;
/** Another folder's file other than index, from a file `depth` folders below src/ (1 = src/x/y.ts). */
const internalOf = (depth, { allow = [] } = {}) => `^${up(depth)}(?!${layer})[^/]+/(?!index$)${allow.map((a) => `(?!${a})`).join('')}.+`;
const restrict = (regex, message) => ['error', { patterns: [{ regex, message }] }];
const BOUNDARY = 'Import another component through its index.ts, not its internal files (issue 13; see BOUNDARIES in eslint.config.mjs).';
const LAYER = 'shared/, web/ and config.ts are layers that import no component, except its types from its index.ts (issue 13; see BOUNDARIES in eslint.config.mjs).';
const boundaries = [
  { files: ['**/src/*/*.ts'], rules: { 'no-restricted-imports': restrict(internalOf(1), BOUNDARY) } },
  { files: ['**/src/*/*/*.ts'], rules: { 'no-restricted-imports': restrict(internalOf(2), BOUNDARY) } },
  { files: ['**/src/*.ts'], rules: { 'no-restricted-imports': restrict(internalOf(0, { allow: ['[^/]+\\.(routes|page)$'] }), BOUNDARY) } },
  { files: ['**/src/cli/*.ts'], rules: { 'no-restricted-imports': restrict(internalOf(1, { allow: ['[^/]+\\.(routes|page)$'] }), BOUNDARY) } },
  { files: ['**/src/db/*.ts'], rules: { 'no-restricted-imports': restrict(internalOf(1, { allow: ['[^/]+\\.entit(y|ies)$'] }), BOUNDARY) } },
  // A layer may name a component's types (`import type` from its index.ts), never load its code.
  ...[[0, ['**/src/config.ts']], [1, ['**/src/shared/*.ts', '**/src/web/*.ts']], [2, ['**/src/shared/*/*.ts']]].map(([depth, files]) => ({
    files,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { regex: `^${up(depth)}(?!${layer})[^/]+(/index)?$`, allowTypeImports: true, message: LAYER },
        { regex: `^${up(depth)}(?!${layer})[^/]+/(?!index$).+`, message: LAYER },
      ] }],
    },
  })),
  {
    files: ['**/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'public/**', 'bench-results/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  ...boundaries,
);
