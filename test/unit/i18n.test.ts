import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { allDictionaries, formatterFor, translate } from '../../src/shared/i18n';

describe('i18n', () => {
  it('has an English text for every French key, and no English key French lacks', () => {
    const { fr, en } = allDictionaries();
    const missingInEnglish = Object.keys(fr).filter((k) => !(k in en));
    const unknownInFrench = Object.keys(en).filter((k) => !(k in fr));
    expect(missingInEnglish, 'keys missing in English').to.deep.equal([]);
    expect(unknownInFrench, 'English keys without French').to.deep.equal([]);
  });

  it('keeps the same placeholders in both languages', () => {
    const { fr, en } = allDictionaries();
    const placeholders = (s: string) => (s.match(/\{\w+(?:\}|, plural)/g) ?? []).map((p) => p.replace(', plural', '}')).sort().join(',');
    const mismatched = Object.keys(fr).filter((k) => en[k] !== undefined && placeholders(fr[k]) !== placeholders(en[k]));
    expect(mismatched).to.deep.equal([]);
  });

  it('every t() key used in the views exists in the dictionaries', () => {
    const { fr } = allDictionaries();
    const viewsDir = path.resolve(__dirname, '../../views');
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ejs')) {
          const text = fs.readFileSync(full, 'utf8');
          for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.]+)'\s*[,)]/g)) if (!(m[1] in fr)) missing.push(`${path.relative(viewsDir, full)}: ${m[1]}`);
        }
      }
    };
    walk(viewsDir);
    expect(missing).to.deep.equal([]);
  });

  it('fills placeholders and formats money and dates the French way', () => {
    expect(translate('fr', 'common.page', { page: 2, pages: 5 })).to.equal('Page 2 sur 5');
    const fmt = formatterFor('fr');
    expect(fmt.money(193379)).to.equal('1\u202f933,79\u00a0€');
    expect(fmt.date('2026-11-22')).to.equal('22/11/2026');
    expect(fmt.percent(1250)).to.equal('12,5\u00a0%');
    expect(formatterFor('en').date('2026-11-22')).to.equal('22 Nov 2026');
  });
});
