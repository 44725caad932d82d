import { expect } from 'chai';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { ReferenceData, seedReferenceData } from '../support/factories';
import { makeDocumentDossier } from '../support/document-factories';

const BASE = '/recouvrement';

describe('the user language: dates, amounts and colons in French and in English', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let fr: SignedInAgent;
  let en: SignedInAgent;
  let dossierId = 0;

  before(async () => {
    t = await createTestApp({ basePath: BASE, today: '2026-11-22' });
    ref = await seedReferenceData(t.db.dataSource);
    fr = await signIn(t, 'lang-fr', 'admin');
    en = await signIn(t, 'lang-en', 'admin');
    await en.agent.post(`${BASE}/preferences/locale`).type('form').send({ _csrf: en.csrf, locale: 'en', back: '/' }).expect(303);
    const made = await makeDocumentDossier(t.db.dataSource, ref, [{ amount: 605095, dueDate: '2026-08-15', pieceRef: 'FA-LANG-1' }], {
      customer: { name: 'Langues SARL', auxiliaryAccount: '411LANGUES' },
      dossier: { number: 7001, statusId: ref.statuses.EN_COURS.id, controllerId: ref.controllers[0].id, startDate: '2026-09-01' },
    });
    dossierId = made.dossier.id;
  });
  after(() => t.close());

  it('writes the dossier header the French way and the English way', async () => {
    const page = (await fr.agent.get(`${BASE}/dossiers/${dossierId}`).expect(200)).text;
    expect(page).to.include('6\u202f050,95\u00a0€').and.include('01/09/2026');
    const english = (await en.agent.get(`${BASE}/dossiers/${dossierId}`).expect(200)).text;
    expect(english).to.include('<html lang="en">');
    expect(english).to.include('€6,050.95').and.include('1 Sep 2026');
    expect(english).to.not.include('6\u202f050,95');
  });

  it('a date field shows the user format and the picker follows the page language', async () => {
    const frForm = (await fr.agent.get(`${BASE}/dossiers/new`).expect(200)).text;
    expect(frForm).to.match(/name="startDate" value="22\/11\/2026" placeholder="jj\/mm\/aaaa" autocomplete="off" data-date="fr"/);
    expect(frForm).to.include('/assets/vendor/flatpickr/l10n/fr.js').and.include('/assets/js/date-fields.js');
    const enForm = (await en.agent.get(`${BASE}/dossiers/new`).expect(200)).text;
    expect(enForm).to.match(/name="startDate" value="22 Nov 2026" placeholder="[^"]+" autocomplete="off" data-date="en"/);
    expect(enForm).to.not.include('l10n/fr.js');
    expect(frForm).to.not.include('type="date"');
    await fr.agent.get(`${BASE}/assets/vendor/flatpickr/flatpickr.min.js`).expect(200);
    await fr.agent.get(`${BASE}/assets/vendor/flatpickr/l10n/fr.js`).expect(200);
  });

  it('reads dd/MM/yyyy, the English 5 Dec 2026 and ISO in a date filter, and refuses a wrong date at its field', async () => {
    for (const from of ['01/11/2026', '1 Nov 2026', '2026-11-01']) {
      const res = await en.agent.get(`${BASE}/dossiers/${dossierId}`).query({ tab: 'chrono', from }).expect(200);
      expect(res.text, from).to.not.include('data-field-error="from"');
      expect(res.text, from).to.include('value="1 Nov 2026"');
    }
    const bad = await fr.agent.get(`${BASE}/dossiers/${dossierId}`).query({ tab: 'chrono', from: '31/02/2026' }).expect(200);
    expect(bad.text).to.include('data-field-error="from"');
  });

  it('puts no space before a colon in English', async () => {
    const english = (await en.agent.get(`${BASE}/dossiers/${dossierId}?tab=chrono`).expect(200)).text;
    const chrono = /<table[^>]*id="chrono"[\s\S]*?<\/table>/.exec(english)?.[0] ?? '';
    expect(chrono).to.not.equal('');
    expect(chrono.replace(/<[^>]+>/g, '')).to.not.match(/\S\s:\s/);
    const scenario = (await en.agent.get(`${BASE}/dossiers/${dossierId}/scenario`).expect(200)).text;
    expect(scenario.replace(/<[^>]+>/g, '')).to.not.match(/\w\s:\s/);
  });

  it('the Imprimer button of the dossier gives its detailed print and presets the criteria page', async () => {
    const page = (await fr.agent.get(`${BASE}/dossiers/${dossierId}`).expect(200)).text;
    const href = /id="dossier-print-button"[^>]*href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(href).to.equal(`${BASE}/printing/print?numberFrom=7001&numberTo=7001&layout=detailed`);
    const printed = (await fr.agent.get(href!).expect(200)).text;
    expect(printed).to.include('Langues SARL').and.include('FA-LANG-1');
    const criteria = /id="dossier-print-criteria"[^>]*href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    const form = (await fr.agent.get(criteria!).expect(200)).text;
    expect(form).to.match(/id="f-numberFrom" name="numberFrom" type="text" value="7001"/);
    expect(form).to.match(/id="f-layout-detailed" checked/);
  });
});
