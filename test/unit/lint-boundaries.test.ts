/**
 * The component boundaries of eslint.config.mjs (issue 13): `npm run lint` fails on an import of
 * another component's internal file, on a layer importing a component, and on an import cycle.
 * Runs ESLint's Node API with the project's own config on a small src/ tree written for the test.
 */
import { expect } from 'chai';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '../..');
// Under test-results/, which `eslint .` and git ignore; ESLint is told not to ignore it here.
const TREE = join(ROOT, 'test-results', `lint-boundaries-${process.pid}`);

const FILES: Record<string, string> = {
  // Through the front door: fine.
  'src/beta/index.ts': "export { beta } from './beta.service';\n",
  'src/beta/beta.service.ts': 'export const beta = (): number => 1;\n',
  'src/alpha/alpha-ok.service.ts': "import { beta } from '../beta';\nexport const alphaOk = (): number => beta();\n",
  // Reaching inside another component.
  'src/alpha/alpha.service.ts': "import { beta } from '../beta/beta.service';\nexport const alpha = (): number => beta();\n",
  // A layer importing a component's code, and one naming its type only (allowed).
  'src/shared/helper.ts': "import { beta } from '../beta';\nexport const helper = (): number => beta();\n",
  'src/web/typed.ts': "import type { beta } from '../beta';\nexport type Beta = typeof beta;\n",
  // A cycle, though every import goes through an index.ts: gamma -> delta -> gamma.
  'src/gamma/index.ts': "export { gamma } from './gamma.service';\n",
  'src/gamma/gamma.service.ts': "import { delta } from '../delta';\nexport const gamma = (): number => delta() + 1;\n",
  'src/delta/index.ts': "export { delta, deltaTwice } from './delta.service';\n",
  'src/delta/delta.service.ts': "import { gamma } from '../gamma';\nexport const delta = (): number => 1;\nexport const deltaTwice = (): number => gamma() * 2;\n",
};

describe('lint: component boundaries and import cycles', function () {
  this.timeout(60000);
  let problems: Record<string, string[]>;

  before(async () => {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(TREE, path)), { recursive: true });
      writeFileSync(join(TREE, path), text);
    }
    const eslint = new ESLint({ cwd: ROOT, ignore: false });
    const results = await eslint.lintFiles([join(TREE, 'src')]);
    problems = Object.fromEntries(results.map((r) => [relative(TREE, r.filePath).split('\\').join('/'), r.messages.map((m) => m.ruleId ?? m.message)]));
  });

  after(() => rmSync(TREE, { recursive: true, force: true }));

  it('accepts an import through another component\'s index.ts', () => {
    expect(problems['src/alpha/alpha-ok.service.ts']).to.deep.equal([]);
    expect(problems['src/beta/index.ts']).to.deep.equal([]);
  });

  it('reports an import of another component\'s internal file', () => {
    expect(problems['src/alpha/alpha.service.ts']).to.deep.equal(['no-restricted-imports']);
  });

  it('reports a cross-cutting layer (shared/) importing a component', () => {
    expect(problems['src/shared/helper.ts']).to.deep.equal(['@typescript-eslint/no-restricted-imports']);
    expect(problems['src/web/typed.ts']).to.deep.equal([]);
  });

  it('reports an import cycle', () => {
    expect(problems['src/gamma/gamma.service.ts']).to.include('import-x/no-cycle');
    expect(problems['src/delta/delta.service.ts']).to.include('import-x/no-cycle');
  });
});
