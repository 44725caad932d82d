import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { declarationDelays } from '../../src/collective-procedures';
import { loadConfig } from '../../src/config';
import { noticeEffect, noticeSirens, parseBodaccFile, parseNoticeDate, procedureOfJudgment } from '../../src/bodacc/bodacc.rules';

const SAMPLE = path.resolve(__dirname, '../support/bodacc');
/** The settings' defaults: the legal delays (R622-24). */
const delays = declarationDelays(loadConfig({}));
const read = (name: string) => fs.readFileSync(path.join(SAMPLE, name), 'utf8');

describe('BODACC notices (open-data export)', () => {
  it('reads the JSON export and the CSV export alike, each notice once', () => {
    const json = parseBodaccFile(read('annonces-commerciales.json'));
    const csv = parseBodaccFile(read('annonces-commerciales.csv'));
    expect(json.problems).to.deep.equal([]);
    expect(csv.problems).to.deep.equal([]);
    expect(json.notices.map((n) => n.noticeId)).to.have.length(7, 'the repeated notice is kept once');
    expect(csv.notices).to.deep.equal(json.notices);
    const first = json.notices[0];
    expect(first).to.include({ noticeId: 'A202602240101', publicationDate: '2026-11-18', family: 'collective', debtorName: 'ALPHA MÉTAUX SAS' });
    expect(first.sirens).to.deep.equal(['552100554']);
    expect(first.judgment).to.include({ family: "Jugement d'ouverture", date: '2026-11-10' });
  });

  it("reads the API's { results } answer and JSON lines", () => {
    const records = JSON.parse(read('annonces-commerciales.json')) as unknown[];
    expect(parseBodaccFile(JSON.stringify({ total_count: records.length, results: records })).notices).to.have.length(7);
    expect(parseBodaccFile(records.map((r) => JSON.stringify(r)).join('\n')).notices).to.have.length(7);
  });

  it('names a record it cannot read, and reads the others', () => {
    const parsed = parseBodaccFile(JSON.stringify([{ dateparution: '2026-11-18' }, { id: 'A1', familleavis: 'collective' }]));
    expect(parsed.notices.map((n) => n.noticeId)).to.deep.equal(['A1']);
    expect(parsed.problems).to.deep.equal([{ record: 1, message: 'no notice id (field "id")' }]);
  });

  it('reads SIRENs with or without spaces, from a list or a string, and a SIRET as its SIREN', () => {
    expect(noticeSirens(['552 100 554', '552100554'])).to.deep.equal(['552100554']);
    expect(noticeSirens('552 100 554,498765432')).to.deep.equal(['552100554', '498765432']);
    expect(noticeSirens(['55210055400012', '12345'])).to.deep.equal(['552100554']);
  });

  it('reads ISO, dd/MM/yyyy and French dates', () => {
    expect(parseNoticeDate('2026-11-18')).to.equal('2026-11-18');
    expect(parseNoticeDate('2026-11-18T00:00:00+01:00')).to.equal('2026-11-18');
    expect(parseNoticeDate('07/05/2026')).to.equal('2026-05-07');
    expect(parseNoticeDate('1er février 2026')).to.equal('2026-02-01');
    expect(parseNoticeDate('31/02/2026')).to.equal(null);
  });

  it('proposes a status for an opening judgment, with the deadline two months after publication (R622-24)', () => {
    const [rj, lj, plan, other, , incomplete, cancelled] = parseBodaccFile(read('annonces-commerciales.json')).notices;
    expect(noticeEffect(rj, { delays })).to.deep.equal({ kind: 'proposal', procedure: 'redressement', opening: true, judgmentDate: '2026-11-10', publicationDate: '2026-11-18', deadline: '2027-01-18', incomplete: false });
    expect(noticeEffect(rj, { outsideMetropolitanFrance: true, delays })).to.include({ deadline: '2027-03-18' });
    expect(noticeEffect(lj, { delays })).to.include({ procedure: 'liquidation', opening: true });
    expect(noticeEffect(plan, { delays }), 'a plan is information').to.deep.equal({ kind: 'information', reason: 'other-judgment' });
    expect(noticeEffect(other, { delays })).to.deep.equal({ kind: 'information', reason: 'not-collective' });
    expect(noticeEffect(cancelled, { delays })).to.deep.equal({ kind: 'information', reason: 'cancellation' });
    expect(noticeEffect(incomplete, { delays }), 'without a publication date: proposed, marked incomplete, no computed deadline').to.include({ procedure: 'sauvegarde', incomplete: true, deadline: null });
  });

  it('proposes Liquidation judiciaire for a conversion, without a new declaration deadline (L641-3)', () => {
    const [notice] = parseBodaccFile(JSON.stringify([{ id: 'A9', familleavis: 'collective', typeavis: 'annonce', dateparution: '2026-11-20', registre: ['552100554'], jugement: JSON.stringify({ famille: 'Jugement prononçant', nature: 'Jugement prononçant la liquidation judiciaire', date: '2026-11-15' }) }])).notices;
    expect(noticeEffect(notice, { delays })).to.include({ kind: 'proposal', procedure: 'liquidation', opening: false, deadline: null });
  });

  it('reads the procedure from the judgment nature', () => {
    expect(procedureOfJudgment("Jugement d'ouverture d'une procédure de sauvegarde accélérée")).to.equal('sauvegarde');
    expect(procedureOfJudgment('Jugement de conversion en liquidation judiciaire')).to.equal('liquidation');
    expect(procedureOfJudgment('Jugement de clôture pour insuffisance d’actif')).to.equal(null);
  });
});
