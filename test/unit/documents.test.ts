import { expect } from 'chai';
import { renderTemplate, checkTemplate } from '../../src/documents/template-engine';
import { allocateCredits, buildClaimsContext, buildContextFromSource, type DossierContextSource, type EntrySource } from '../../src/documents/document-context.rules';
import { bundledLegalRates } from '../../src/late-payment';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

let nextId = 1;
function entry(amount: number, dueDate: string, extra: Partial<EntrySource> = {}): EntrySource {
  const id = nextId++;
  return {
    id, pieceRef: `FA-${id}`, pieceDate: dueDate, entryDate: dueDate, label: `Facture ${id}`,
    debit: amount > 0 ? amount : 0, credit: amount < 0 ? -amount : 0, dueDate, originalDueDate: null, lettering: null, ...extra,
  };
}

function source(entries: EntrySource[], asOf: string, statusKind = 'open'): DossierContextSource {
  return {
    asOf,
    creditor: { name: 'Atlas Équipements', legalForm: 'SAS', address: '12 avenue des Tilleuls', postalCode: '69003', city: 'Lyon', country: 'FR', siren: '552100554', vatNumber: 'FR40552100554', phone: '04 72 00 00 00', email: 'compta@atlas.test' },
    customer: { name: 'Dupont SARL', auxiliaryAccount: '411DUPONT', address: '3 rue Haute\nBâtiment B', postalCode: '75002', city: 'Paris', country: 'FR' },
    contacts: [{ id: 7, kind: 'customer', firstName: 'Jeanne', lastName: 'Moreau', jobTitle: null, phone: null, mobile: '06 00 00 00 00', email: 'j@m.test' }],
    contactId: null,
    controller: { name: 'Claire Martin', email: 'claire@atlas.test', phone: '01 02 03 04 05' },
    dossier: { id: 1, number: 42, startDate: '2025-11-01', creditorReference: 'REF-9', currency: 'EUR' },
    status: { code: 'EN_COURS', label: 'En cours', kind: statusKind },
    entries,
    rates: bundledLegalRates(),
  };
}

describe('document templates (Handlebars engine)', () => {
  it('formats money and dates for French with its helpers', () => {
    const r = renderTemplate('{{money a}} | {{date d}} | {{percent p}}', { a: 193379, d: '2025-11-22', p: 12.15 });
    expect(r).to.deep.equal({ ok: true, html: `1${NNBSP}933,79${NBSP}€ | 22/11/2025 | 12,15${NBSP}%` });
  });

  it('escapes data in HTML documents, so a hostile customer name renders as text', () => {
    const r = renderTemplate('<p>{{name}}</p>', { name: '<script>alert(1)</script>' });
    expect(r.ok && r.html).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('does not escape in text mode (e-mail subject and text part)', () => {
    const r = renderTemplate('{{name}}', { name: 'Dupont & Fils' }, 'text');
    expect(r.ok && r.html).to.equal('Dupont & Fils');
  });

  it('returns a syntax error with its line instead of throwing', () => {
    const r = renderTemplate('<p>a</p>\n<p>b</p>\n{{#if x}}\n<p>c</p>', {});
    expect(r.ok).to.equal(false);
    if (!r.ok) {
      expect(r.error.line).to.equal(4);
      expect(r.error.message).to.match(/Parse error/);
    }
    expect(checkTemplate('ok\n{{#each a}}\n{{/if}}')).to.deep.include({ line: 2 });
  });

  it('returns an unknown helper with the line it is called from', () => {
    const r = renderTemplate('a\nb\n\n  {{frobnicate customer.name}}', { customer: { name: 'x' } });
    expect(r).to.deep.equal({ ok: false, error: { message: 'Unknown helper "frobnicate"', line: 4 } });
  });

  it('prints nothing for a field that is empty, as a letter for a customer without a dossier needs', () => {
    expect(renderTemplate('Dossier [{{reference}}] {{customer.name}}', { reference: null, customer: { name: 'Dupont' } })).to.deep.equal({ ok: true, html: 'Dossier [] Dupont' });
  });

  it('returns a failing built-in helper with its line', () => {
    const r = renderTemplate('a\n{{#each}}x{{/each}}', {});
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.error.line).to.equal(2);
  });

  it('gives templates no access to prototypes', () => {
    const r = renderTemplate('{{constructor.name}}{{a.__proto__.x}}', { a: {} });
    expect(r.ok && r.html.trim()).to.equal('');
  });
});

describe('the document context', () => {
  it('computes the L441-10 penalty and the 40 € indemnity per late invoice (1 200,00 due 23/10/2025, 30 days at 12,15 %)', () => {
    const ctx = buildContextFromSource(source([entry(120000, '2025-10-23', { pieceRef: 'FA2025-0102' })], '2025-11-22'));
    const line = ctx.latePayment.lines[0];
    expect(line.daysLate).to.equal(30);
    expect(line.rates).to.deep.equal([12.15]);
    expect(line.ratesText).to.equal(`12,15${NBSP}%`);
    expect(line.penalty).to.equal(1198);
    expect(line.penaltyText).to.equal(`11,98${NBSP}€`);
    expect(line.indemnity).to.equal(4000);
    expect(ctx.latePayment.totals.claimed).to.equal(120000 + 1198 + 4000);
    expect(ctx.latePayment.totals.claimedText).to.equal(`1${NNBSP}251,98${NBSP}€`);
    expect(ctx.entries[0]).to.deep.include({ pieceRef: 'FA2025-0102', dueDateText: '23/10/2025', daysLate: 30, balance: 120000, balanceText: `1${NNBSP}200,00${NBSP}€` });
  });

  it('totals overdue and not-yet-due entries, and leaves lettered ones out', () => {
    const ctx = buildContextFromSource(
      source([entry(120000, '2025-10-23'), entry(50000, '2025-12-31'), entry(99900, '2025-09-01', { lettering: 'AA' })], '2025-11-22'),
    );
    expect(ctx.entries).to.have.length(2);
    expect(ctx.totals).to.deep.include({ balance: 170000, overdue: 120000, notDue: 50000, overdueCount: 1 });
    expect(ctx.latePayment.lines).to.have.length(1);
  });

  it('applies an unallocated payment to the oldest invoice before computing penalties', () => {
    const a = entry(100000, '2025-09-30');
    const b = entry(100000, '2025-10-23');
    const pay = entry(-100000, '2025-11-01');
    expect([...allocateCredits([a, b, pay]).values()]).to.deep.equal([0, 100000]);
    const ctx = buildContextFromSource(source([a, b, pay], '2025-11-22'));
    expect(ctx.latePayment.lines.map((l) => l.pieceRef)).to.deep.equal([b.pieceRef]);
    expect(ctx.totals.balance).to.equal(100000);
  });

  it('claims no 40 € indemnity when a collective procedure forbids payment', () => {
    const ctx = buildContextFromSource(source([entry(120000, '2025-10-23')], '2025-11-22', 'legal'));
    expect(ctx.latePayment.totals.indemnity).to.equal(0);
    expect(ctx.latePayment.totals.penalty).to.equal(1198);
  });

  it('formats the parties: address lines, creditor identifiers, main contact, controller', () => {
    const ctx = buildContextFromSource(source([], '2025-11-22'));
    expect(ctx.customer.addressLines).to.deep.equal(['3 rue Haute', 'Bâtiment B', '75002 Paris']);
    expect(ctx.customer.account).to.equal('411DUPONT');
    expect(ctx.creditor).to.deep.include({ siren: '552100554', vatNumber: 'FR40552100554', fullName: 'Atlas Équipements (SAS)' });
    expect(ctx.contact).to.deep.include({ name: 'Jeanne Moreau', phone: '06 00 00 00 00' });
    expect(ctx.controller).to.deep.equal({ name: 'Claire Martin', email: 'claire@atlas.test', phone: '01 02 03 04 05' });
    expect(ctx.dossier).to.deep.include({ number: 42, startDateText: '01/11/2025', reference: 'REF-9' });
  });

  it('splits a claims declaration at the judgment date, with penalties until the judgment and sums not yet due', () => {
    const due = entry(120000, '2025-10-23', { pieceDate: '2025-09-23' });
    const later = entry(60000, '2026-01-15', { pieceDate: '2025-11-15' });
    const after = entry(10000, '2026-02-01', { pieceDate: '2025-12-01' });
    const ctx = buildClaimsContext(source([due, later, after], '2025-12-10'), '2025-11-22', 'Réserve de propriété (CGV art. 9)');
    expect(ctx.claim.dueAtJudgment.total).to.equal(120000);
    expect(ctx.claim.notYetDue.entries).to.deep.equal([{ pieceRef: later.pieceRef, dueDate: '2026-01-15', dueDateText: '15/01/2026', amount: 60000, amountText: `600,00${NBSP}€` }]);
    expect(ctx.claim.penalties).to.equal(1198);
    expect(ctx.latePayment.totals.indemnity).to.equal(0);
    expect(ctx.claim.total).to.equal(120000 + 60000 + 1198);
    expect(ctx.claim.hasPostJudgment).to.equal(true);
    expect(ctx.judgment.dateText).to.equal('22/11/2025');
    expect(ctx.asOfText).to.equal('10/12/2025');
    expect(ctx.hasSecurities).to.equal(true);
  });
});
