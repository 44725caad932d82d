import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { readFec } from '../../../src/ledger/fec';

const repo = path.resolve(__dirname, '../../..');

describe('FEC generator script (scripts/generate-fec.ts)', () => {
  it('writes exactly the lines asked for, balanced, with matching lettering on 411', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fec-gen-'));
    try {
      for (const lines of [2, 3, 4, 7, 2501]) {
        const out = path.join(dir, `gen-${lines}.txt`);
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-fec.ts', '--lines', String(lines), '--customers', '50', '--out', out], { cwd: repo, stdio: 'pipe' });
        const reader = readFec(out);
        const lettered = new Map<string, number>();
        for await (const line of reader) {
          if (line.lettering) {
            const key = `${line.auxiliaryAccount} ${line.lettering}`;
            lettered.set(key, (lettered.get(key) ?? 0) + line.debit - line.credit);
          }
        }
        const summary = reader.summary();
        expect(summary.problems, `--lines ${lines}`).to.deep.equal([]);
        expect(summary.lines).to.equal(lines);
        expect(summary.totalDebit).to.equal(summary.totalCredit);
        expect([...lettered.values()].every((balance) => balance === 0), 'every lettering code balances').to.equal(true);
        if (lines > 1000) expect(lettered.size).to.be.greaterThan(100);
      }
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
