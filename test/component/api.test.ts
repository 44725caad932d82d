import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';
import { linkDirectly, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from '../support/factories';
import { makeApiKey, makeJournalEntry, makeOtherCompany } from '../support/api-factories';
import { ApiIdempotency, ApiKey } from '../../src/api-keys/api-key.entity';
import { revokeApiKey } from '../../src/api-keys/api-key.service';
import { LedgerEntry } from '../../src/ledger/ledger-entry.entity';
import { ThirdParty } from '../../src/third-parties/third-party.entity';
import { Intervention } from '../../src/interventions/intervention.entity';
import { HttpSession } from '../../src/auth/user.entity';

const BASE = '/recouvrement';
const API = `${BASE}/api/v1`;

describe('the API for the host ERP', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let writeKey: string;
  let readKey: string;
  const ds = () => t.db.dataSource;
  let seq = 0;
  const uid = (prefix: string) => `${prefix}-${++seq}-${Date.now().toString(36)}`;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    writeKey = (await makeApiKey(ds(), ref, 'write')).key;
    readKey = (await makeApiKey(ds(), ref, 'read')).key;
  });
  after(() => t.close());

  const get = (path: string, key = readKey) => request(t.app).get(`${API}${path}`).set('Authorization', `Bearer ${key}`);
  const put = (path: string, body: unknown, key = writeKey) => request(t.app).put(`${API}${path}`).set('Authorization', `Bearer ${key}`).send(body as object);
  const post = (path: string, body: unknown, key = writeKey) => request(t.app).post(`${API}${path}`).set('Authorization', `Bearer ${key}`).send(body as object);

  const invoiceLine = (aux: string, overrides: Record<string, unknown> = {}) => ({
    externalId: uid('L'), journalCode: 'VT', entryNumber: uid('VT'), entryDate: '2026-09-01', account: '411000', auxiliaryAccount: aux,
    auxiliaryLabel: `Client ${aux}`, pieceRef: uid('FA'), label: 'Facture', debit: 193379, dueDate: '2026-10-01', ...overrides,
  });
  const lines = async (aux: string) => ds().getRepository(LedgerEntry).find({ where: { auxiliaryAccount: aux }, order: { id: 'ASC' } });

  describe('authentication', () => {
    it('refuses a call without a key with 401 problem+json and a WWW-Authenticate challenge', async () => {
      const res = await request(t.app).get(`${API}/dossiers`).expect(401);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).to.match(/^Bearer/);
      expect(res.body).to.include({ status: 401, code: 'unauthorized' });
    });

    it('refuses an unknown key and a revoked key with 401', async () => {
      await request(t.app).get(`${API}/dossiers`).set('Authorization', 'Bearer rcv_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(401);
      const { apiKey, key } = await makeApiKey(ds(), ref, 'write');
      await get('/dossiers', key).expect(200);
      await revokeApiKey(ds(), apiKey.id, null, '2026-11-22T10:00:00.000Z');
      const res = await get('/dossiers', key).expect(401);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('unauthorized');
    });

    it('refuses a write with a read-only key with 403, and writes nothing', async () => {
      const aux = uid('411RO');
      const res = await put(`/third-parties/${aux}`, { name: 'Lecture Seule SA' }, readKey).expect(403);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('forbidden');
      expect(await ds().getRepository(ThirdParty).countBy({ auxiliaryAccount: aux })).to.equal(0);
    });

    it('records the date the key was last used', async () => {
      const { apiKey, key } = await makeApiKey(ds(), ref, 'read');
      expect(apiKey.lastUsedAt).to.equal(null);
      await get('/dossiers', key).expect(200);
      const reloaded = await ds().getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
      expect(reloaded.lastUsedAt).to.equal('2026-11-22T09:00:00.000Z');
    });

    it('never creates a session nor sets a cookie, even on errors and unknown API paths', async () => {
      const before = await ds().getRepository(HttpSession).count();
      const responses = [
        await get('/dossiers'),
        await request(t.app).get(`${API}/dossiers`),
        await put(`/third-parties/${uid('411C')}`, { name: 'Sans Cookie' }),
        await post('/ledger-entries', { lines: [] }),
        await get('/no-such-thing'),
        await request(t.app).get(`${BASE}/api/v2/anything`),
        await request(t.app).get(`${API}/openapi.json`),
      ];
      responses.forEach((res, i) => expect(res.headers['set-cookie'], `call ${i}`).to.equal(undefined));
      expect(await ds().getRepository(HttpSession).count()).to.equal(before);
    });

    it('needs no CSRF token for a write with a bearer key', async () => {
      await put(`/third-parties/${uid('411CSRF')}`, { name: 'Sans Jeton' }).expect(201);
    });
  });

  describe('validation', () => {
    it('refuses a bad amount and a bad date with 422, naming each field, and writes nothing of the batch', async () => {
      const aux = uid('411VAL');
      const res = await post('/ledger-entries', {
        lines: [invoiceLine(aux), invoiceLine(aux, { debit: 12.5 }), invoiceLine(aux, { dueDate: '2026-02-30' }), invoiceLine(aux, { debit: '100' })],
      }).expect(422);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.code).to.equal('validation');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).to.include.members(['/lines/1/debit', '/lines/2/dueDate', '/lines/3/debit']);
      expect(fields).not.to.include('/lines/0/debit');
      expect(res.body.errors.find((e: { field: string }) => e.field === '/lines/2/dueDate').message).to.match(/AAAA-MM-JJ/);
      expect(await lines(aux)).to.have.length(0);
      expect(await ds().getRepository(ThirdParty).countBy({ auxiliaryAccount: aux })).to.equal(0);
    });

    it('answers in English when the caller prefers it', async () => {
      const res = await post('/ledger-entries', { lines: [invoiceLine('411EN', { entryDate: '01/09/2026' })] }).set('Accept-Language', 'en').expect(422);
      expect(res.body.errors[0]).to.deep.equal({ field: '/lines/0/entryDate', message: 'Invalid date: the YYYY-MM-DD format is expected.' });
    });

    it('refuses a line with both or neither of debit and credit, an unknown field, and a negative amount', async () => {
      const aux = uid('411DC');
      const res = await post('/ledger-entries', {
        lines: [invoiceLine(aux, { credit: 100 }), invoiceLine(aux, { debit: 0 }), invoiceLine(aux, { amount: 5 }), invoiceLine(aux, { debit: -5 })],
      }).expect(422);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).to.include.members(['/lines/0/debit', '/lines/1/debit', '/lines/2/amount', '/lines/3/debit']);
    });

    it('refuses malformed JSON with 400 and a body that is not JSON with 415', async () => {
      const bad = await request(t.app).post(`${API}/ledger-entries`).set('Authorization', `Bearer ${writeKey}`).set('Content-Type', 'application/json').send('{"lines": [').expect(400);
      expect(bad.headers['content-type']).to.match(/^application\/problem\+json/);
      const form = await request(t.app).post(`${API}/ledger-entries`).set('Authorization', `Bearer ${writeKey}`).type('form').send({ lines: 'x' }).expect(415);
      expect(form.body.errors[0].field).to.equal('Content-Type');
    });

    it('names the query parameter at fault', async () => {
      const res = await get('/dossiers?limit=0').expect(422);
      expect(res.body.errors[0].field).to.equal('limit');
      const cursor = await get('/journal-entries?since=nonsense').expect(422);
      expect(cursor.body.errors[0].field).to.equal('since');
    });
  });

  describe('third parties', () => {
    it('creates a customer with PUT, then replaces its fields and bumps its version only when something changed', async () => {
      const aux = uid('411DUPONT');
      const created = await put(`/third-parties/${aux}`, { name: 'Dupont SARL', city: 'Lyon', postalCode: '69001', email: 'compta@dupont.test', paymentTermsDays: 45 }).expect(201);
      expect(created.body).to.include({ auxiliaryAccount: aux, name: 'Dupont SARL', city: 'Lyon', country: 'FR', paymentTermsDays: 45, version: 1 });
      const same = await put(`/third-parties/${aux}`, { name: 'Dupont SARL', city: 'Lyon', postalCode: '69001', email: 'compta@dupont.test', paymentTermsDays: 45 }).expect(200);
      expect(same.body.version).to.equal(1);
      const updated = await put(`/third-parties/${aux}`, { name: 'Dupont et Fils SARL', city: 'Villeurbanne' }).expect(200);
      expect(updated.body).to.include({ name: 'Dupont et Fils SARL', city: 'Villeurbanne', postalCode: null, email: null, version: 2 });
      expect(await ds().getRepository(ThirdParty).countBy({ auxiliaryAccount: aux })).to.equal(1);
    });

    it('keeps the risk code and the credit controller set in the module', async () => {
      const customer = await makeThirdParty(ds(), ref, { riskCodeId: ref.riskCodes.R3.id, creditControllerId: ref.controllers[1].id });
      const res = await put(`/third-parties/${customer.auxiliaryAccount}`, { name: 'Nouveau nom' }).expect(200);
      expect(res.body.riskCode).to.equal('R3');
      expect(res.body.creditController).to.deep.equal({ code: 'PD', name: 'Paul Durand' });
    });

    it('answers 404 problem+json for an unknown customer', async () => {
      const res = await get(`/third-parties/${uid('411NONE')}`).expect(404);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    });
  });

  describe('ledger entries and lettering', () => {
    it('posts invoices and a payment, then reads the customer balance and open items', async () => {
      const aux = uid('411MARTIN');
      await put(`/third-parties/${aux}`, { name: 'Martin SAS' }).expect(201);
      const inv1 = invoiceLine(aux, { debit: 193379, dueDate: '2026-10-01', pieceRef: 'FA-1' });
      const inv2 = invoiceLine(aux, { debit: 50000, dueDate: '2026-12-15', pieceRef: 'FA-2' });
      const pay = invoiceLine(aux, { debit: 0, credit: 30000, journalCode: 'BQ', dueDate: null, pieceRef: 'RG-1' });
      const bank = invoiceLine(aux, { account: '512000', auxiliaryAccount: null, debit: 30000, credit: 0, journalCode: 'BQ', dueDate: null });
      const res = await post('/ledger-entries', { lines: [inv1, inv2, pay, bank] }).expect(201);
      expect(res.body).to.include({ received: 4, created: 4, unchanged: 0, thirdPartiesCreated: 0 });
      expect(res.body.lines.map((l: { status: string }) => l.status)).to.deep.equal(['created', 'created', 'created', 'created']);

      const tp = await get(`/third-parties/${aux}`).expect(200);
      expect(tp.body).to.include({ name: 'Martin SAS', balance: 193379 + 50000 - 30000, openAmount: 213379, overdueAmount: 193379 });
      expect(tp.body.openItems.map((i: { pieceRef: string }) => i.pieceRef)).to.have.members(['FA-1', 'FA-2', 'RG-1']);
      const fa1 = tp.body.openItems.find((i: { pieceRef: string }) => i.pieceRef === 'FA-1');
      expect(fa1).to.include({ externalId: inv1.externalId, debit: 193379, credit: 0, amount: 193379, dueDate: '2026-10-01', daysOverdue: 52 });
      const bankLine = (await ds().getRepository(LedgerEntry).findOneByOrFail({ sourceKey: `api:${bank.externalId}` }));
      expect(bankLine.thirdPartyId).to.equal(null);
    });

    it('creates the customer of a new auxiliary account from its label', async () => {
      const aux = uid('411NEW');
      const res = await post('/ledger-entries', { lines: [invoiceLine(aux, { auxiliaryLabel: 'Boulangerie Neuve' })] }).expect(201);
      expect(res.body.thirdPartiesCreated).to.equal(1);
      const tp = await ds().getRepository(ThirdParty).findOneByOrFail({ auxiliaryAccount: aux });
      expect(tp.name).to.equal('Boulangerie Neuve');
      expect((await lines(aux))[0].thirdPartyId).to.equal(tp.id);
    });

    it('a lettering update closes the open items it matches', async () => {
      const aux = uid('411LETTRE');
      const invoice = invoiceLine(aux, { debit: 120000 });
      const payment = invoiceLine(aux, { debit: 0, credit: 120000, journalCode: 'BQ' });
      await post('/ledger-entries', { lines: [invoice, payment] }).expect(201);
      expect((await get(`/third-parties/${aux}`).expect(200)).body.openItems).to.have.length(2);

      const res = await post('/lettering', {
        items: [{ externalId: invoice.externalId, lettering: 'AA', letteringDate: '2026-11-20' }, { externalId: payment.externalId, lettering: 'AA', letteringDate: '2026-11-20' }],
      }).expect(200);
      expect(res.body).to.include({ updated: 2, unchanged: 0 });
      const tp = (await get(`/third-parties/${aux}`).expect(200)).body;
      expect(tp.openItems).to.deep.equal([]);
      expect(tp).to.include({ balance: 0, openAmount: 0 });

      // Removing the lettering opens the invoice again, by the module's entry id this time.
      const entryId = res.body.items[0].entryId;
      await post('/lettering', { items: [{ entryId, lettering: null }] }).expect(200);
      const again = (await get(`/third-parties/${aux}`).expect(200)).body;
      expect(again.openItems.map((i: { entryId: number }) => i.entryId)).to.deep.equal([entryId]);
    });

    it('refuses a lettering of an unknown line with the item at fault, and letters nothing', async () => {
      const aux = uid('411LX');
      const invoice = invoiceLine(aux);
      await post('/ledger-entries', { lines: [invoice] }).expect(201);
      const res = await post('/lettering', { items: [{ externalId: invoice.externalId, lettering: 'ZZ' }, { externalId: 'nope', lettering: 'ZZ' }] }).expect(422);
      expect(res.body.errors).to.deep.include({ field: '/items/1/externalId', message: 'Aucune écriture ne correspond.' });
      expect((await lines(aux))[0].lettering).to.equal(null);
    });

    it('does not let one company letter another company\'s lines', async () => {
      const other = await makeOtherCompany(ds(), ref);
      const stranger = await makeThirdParty(ds(), other);
      const entry = await makeEntry(ds(), other, stranger);
      await post('/lettering', { items: [{ entryId: entry.id, lettering: 'XX' }] }).expect(422);
      expect((await ds().getRepository(LedgerEntry).findOneByOrFail({ id: entry.id })).lettering).to.equal(null);
    });
  });

  describe('idempotency', () => {
    it('a replay with the same Idempotency-Key and body returns the same response and duplicates nothing', async () => {
      const aux = uid('411IDEM');
      const body = { lines: [invoiceLine(aux), invoiceLine(aux, { debit: 0, credit: 5000 })] };
      const key = uid('idem');
      const first = await post('/ledger-entries', body).set('Idempotency-Key', key).expect(201);
      const replay = await post('/ledger-entries', body).set('Idempotency-Key', key).expect(201);
      expect(replay.body).to.deep.equal(first.body);
      expect(replay.headers['idempotent-replayed']).to.equal('true');
      expect(await lines(aux)).to.have.length(2);
      expect(await ds().getRepository(ApiIdempotency).countBy({ idempotencyKey: key })).to.equal(1);
    });

    it('the same Idempotency-Key with another body is a 409 conflict and writes nothing', async () => {
      const aux = uid('411IDEM2');
      const key = uid('idem');
      await post('/ledger-entries', { lines: [invoiceLine(aux)] }).set('Idempotency-Key', key).expect(201);
      const res = await post('/ledger-entries', { lines: [invoiceLine(aux)] }).set('Idempotency-Key', key).expect(409);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.body.errors[0].field).to.equal('Idempotency-Key');
      expect(await lines(aux)).to.have.length(1);
    });

    it('key order in the JSON body does not make a different request', async () => {
      const aux = uid('411ORDER');
      const key = uid('idem');
      await put(`/third-parties/${aux}`, { name: 'Ordre SA', city: 'Nantes' }).set('Idempotency-Key', key).expect(201);
      const replay = await put(`/third-parties/${aux}`, { city: 'Nantes', name: 'Ordre SA' }).set('Idempotency-Key', key).expect(201);
      expect(replay.headers['idempotent-replayed']).to.equal('true');
    });

    it('posting the same lines again by externalId changes nothing; another content under the same externalId is a 409', async () => {
      const aux = uid('411EXT');
      const line = invoiceLine(aux);
      const first = await post('/ledger-entries', { lines: [line] }).expect(201);
      const again = await post('/ledger-entries', { lines: [line] }).expect(200);
      expect(again.body).to.include({ created: 0, unchanged: 1 });
      expect(again.body.lines[0].entryId).to.equal(first.body.lines[0].entryId);

      const other = invoiceLine(aux);
      const res = await post('/ledger-entries', { lines: [other, { ...line, debit: 999 }] }).expect(409);
      expect(res.body.errors).to.deep.include({ field: '/lines/1/debit', message: 'Une écriture existe déjà avec cet identifiant externe et un contenu différent.' });
      expect(await lines(aux)).to.have.length(1);
    });

    it('a replay after the line was lettered is still the same line (lettering moves through /lettering)', async () => {
      const aux = uid('411LATE');
      const line = invoiceLine(aux);
      await post('/ledger-entries', { lines: [line] }).expect(201);
      await post('/lettering', { items: [{ externalId: line.externalId, lettering: 'B' }] }).expect(200);
      await post('/ledger-entries', { lines: [line] }).expect(200);
      expect((await lines(aux))[0].lettering).to.equal('B');
    });

    it('two identical requests at once write once and answer the same', async () => {
      const aux = uid('411RACE');
      const body = { lines: [invoiceLine(aux), invoiceLine(aux)] };
      const key = uid('idem');
      const [a, b] = await Promise.all([post('/ledger-entries', body).set('Idempotency-Key', key), post('/ledger-entries', body).set('Idempotency-Key', key)]);
      expect([a.status, b.status]).to.deep.equal([201, 201]);
      expect(a.body).to.deep.equal(b.body);
      expect(await lines(aux)).to.have.length(2);

      // Without a key, the externalIds still keep the lines single.
      const other = { lines: [invoiceLine(aux)] };
      const [c, d] = await Promise.all([post('/ledger-entries', other), post('/ledger-entries', other)]);
      expect([c.status, d.status].sort()).to.deep.equal([200, 201]);
      expect(await lines(aux)).to.have.length(3);
    });

    it('refuses the same externalId twice in one batch', async () => {
      const aux = uid('411TWICE');
      const line = invoiceLine(aux);
      const res = await post('/ledger-entries', { lines: [line, line] }).expect(422);
      expect(res.body.errors[0].field).to.equal('/lines/1/externalId');
      expect(await lines(aux)).to.have.length(0);
    });
  });

  describe('dossiers', () => {
    it('reads a dossier with its amounts, entries and interventions', async () => {
      const customer = await makeThirdParty(ds(), ref, { name: 'Garage Central' });
      const open = await makeEntry(ds(), ref, customer, { debit: 150000, pieceRef: 'FA-OPEN' });
      const paid = await makeEntry(ds(), ref, customer, { debit: 40000, pieceRef: 'FA-PAID', lettering: 'AB' });
      const credit = await makeEntry(ds(), ref, customer, { debit: 0, credit: 20000, pieceRef: 'AV-1' });
      const dossier = await makeDossier(ds(), ref, customer, { lossHundredths: 1250 });
      await linkDirectly(ds(), dossier.id, [open, paid, credit].map((e) => e.id), '2026-11-22T09:00:00.000Z');
      await ds().getRepository(Intervention).save([
        { dossierId: dossier.id, type: 'call', label: 'Appeler le client', dueDate: '2026-11-25', priority: 10, state: 'todo', source: 'manual', createdAt: '2026-11-22T09:00:00.000Z' },
        { dossierId: dossier.id, type: 'letter', label: 'Relance 1', dueDate: '2026-11-10', priority: 5, state: 'done', source: 'scenario', doneDate: '2026-11-10', result: 'Envoyée', createdAt: '2026-11-22T09:00:00.000Z' },
      ] as Intervention[]);

      const res = await get(`/dossiers/${dossier.number}`).expect(200);
      expect(res.body).to.include({ number: dossier.number, lossPercentageHundredths: 1250, startDate: '2026-11-01' });
      expect(res.body.status).to.deep.equal({ code: 'EN_COURS', label: 'En cours', kind: 'open' });
      expect(res.body.thirdParty).to.deep.equal({ auxiliaryAccount: customer.auxiliaryAccount, name: 'Garage Central' });
      // FA-PAID is lettered: settled in the ledger, so its 400,00 count among the credits.
      expect(res.body.amounts).to.deep.equal({ debit: 190000, credit: 60000, outstanding: 130000 });
      expect(res.body.controller).to.deep.equal({ code: 'CM', name: 'Claire Martin' });
      expect(res.body.nextAction).to.deep.equal({ dueDate: '2026-11-25', type: 'call', label: 'Appeler le client' });
      expect(res.body.entries.map((e: { pieceRef: string; open: boolean }) => [e.pieceRef, e.open])).to.have.deep.members([['FA-OPEN', true], ['FA-PAID', false], ['AV-1', true]]);
      expect(res.body.interventions.map((i: { label: string; state: string }) => [i.label, i.state])).to.deep.equal([['Relance 1', 'done'], ['Appeler le client', 'todo']]);
      await get('/dossiers/999999').expect(404);
    });

    it('lists dossiers by status and customer, a page at a time with a cursor', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await makeDossier(ds(), ref, customer, i === 4 ? { statusId: ref.statuses.REDRESSEMENT_JUDICIAIRE.id } : {}));
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await get(`/dossiers?thirdParty=${customer.auxiliaryAccount}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...res.body.items.map((d: { number: number }) => d.number));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).to.deep.equal(made.map((d) => d.number));
      expect(pages).to.equal(3);

      const legal = await get(`/dossiers?thirdParty=${customer.auxiliaryAccount}&status=legal`).expect(200);
      expect(legal.body.items.map((d: { number: number }) => d.number)).to.deep.equal([made[4].number]);
      const byCode = await get(`/dossiers?thirdParty=${customer.auxiliaryAccount}&status=EN_COURS`).expect(200);
      expect(byCode.body.items).to.have.length(4);
      expect(byCode.body.nextCursor).to.equal(null);
    });

    it('shows only the dossiers of the key\'s company', async () => {
      const other = await makeOtherCompany(ds(), ref);
      const stranger = await makeThirdParty(ds(), other);
      const dossier = await makeDossier(ds(), other, stranger, { number: 424242 });
      await get(`/dossiers/${dossier.number}`).expect(404);
      expect((await get(`/dossiers?thirdParty=${stranger.auxiliaryAccount}`).expect(200)).body.items).to.deep.equal([]);
    });
  });

  describe('generated journal entries', () => {
    it('pulls the entries after a cursor, page by page, with their lines, and the cursor stays put when nothing is new', async () => {
      const customer = await makeThirdParty(ds(), ref);
      const dossier = await makeDossier(ds(), ref, customer);
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await makeJournalEntry(ds(), ref, { dossierId: dossier.id }));

      // Read everything there is so far, then only what is new.
      let since: string | undefined;
      let hasMore = true;
      while (hasMore) {
        const res = await get(`/journal-entries?limit=2${since ? `&since=${since}` : ''}`).expect(200);
        since = res.body.nextCursor;
        hasMore = res.body.hasMore;
      }
      const idle = await get(`/journal-entries?since=${since}`).expect(200);
      expect(idle.body).to.deep.equal({ items: [], nextCursor: since, hasMore: false });

      const fresh = [await makeJournalEntry(ds(), ref, { dossierId: dossier.id }), await makeJournalEntry(ds(), ref, { dossierId: dossier.id })];
      const page1 = await get(`/journal-entries?since=${since}&limit=1`).expect(200);
      expect(page1.body.items.map((e: { id: number }) => e.id)).to.deep.equal([fresh[0].id]);
      expect(page1.body.hasMore).to.equal(true);
      expect(page1.body.items[0]).to.include({ journalCode: 'OD', dossierNumber: dossier.number, pieceRef: fresh[0].pieceRef });
      expect(page1.body.items[0].lines).to.deep.equal([
        { account: '681740', auxiliaryAccount: null, label: fresh[0].label, debit: 50000, credit: 0 },
        { account: '491000', auxiliaryAccount: null, label: fresh[0].label, debit: 0, credit: 50000 },
      ]);
      const page2 = await get(`/journal-entries?since=${page1.body.nextCursor}&limit=1`).expect(200);
      expect(page2.body.items.map((e: { id: number }) => e.id)).to.deep.equal([fresh[1].id]);
      expect(page2.body.hasMore).to.equal(false);
      expect(made.every((m) => m.id < fresh[0].id)).to.equal(true);
    });

    it('does not show another company\'s entries', async () => {
      const other = await makeOtherCompany(ds(), ref);
      const foreign = await makeJournalEntry(ds(), other);
      const all = [];
      let since: string | undefined;
      for (let hasMore = true; hasMore;) {
        const res = await get(`/journal-entries?limit=500${since ? `&since=${since}` : ''}`).expect(200);
        all.push(...res.body.items.map((e: { id: number }) => e.id));
        since = res.body.nextCursor;
        hasMore = res.body.hasMore;
      }
      expect(all).not.to.include(foreign.id);
    });
  });
});
