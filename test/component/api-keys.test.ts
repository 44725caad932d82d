import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, signIn, SignedInAgent, TestApp } from '../support/test-app';
import { ReferenceData, seedReferenceData } from '../support/factories';
import { ApiKey } from '../../src/api-keys/api-key.entity';
import { hashSecret } from '../../src/api-keys/api-key.service';

const BASE = '/recouvrement';

describe('the API keys page', () => {
  let t: TestApp;
  let ref: ReferenceData;
  let admin: SignedInAgent;
  const ds = () => t.db.dataSource;

  before(async () => {
    t = await createTestApp({ basePath: BASE });
    ref = await seedReferenceData(ds());
    admin = await signIn(t, 'admin1', 'admin');
  });
  after(() => t.close());

  const createKey = async (form: Record<string, string>, status: number) => {
    const csrf = await admin.refreshCsrf('/api-keys');
    return admin.agent.post(`${BASE}/api-keys`).type('form').send({ _csrf: csrf, companyId: String(ref.company.id), ...form }).expect(status);
  };

  it('creates a key and shows it once; only its hash and prefix are stored, and the key works on the API', async () => {
    const res = await createKey({ name: 'ERP Sage', access: 'write' }, 201);
    expect(res.headers['cache-control']).to.include('no-store');
    const key = /id="api-key-secret" type="text" readonly value="([^"]+)"/.exec(res.text)?.[1];
    expect(key).to.match(/^rcv_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    const stored = await ds().getRepository(ApiKey).findOneByOrFail({ name: 'ERP Sage' });
    expect(stored).to.include({ secretHash: hashSecret(key!), scopes: 'read,write', companyId: ref.company.id, createdBy: admin.userId, revokedAt: null });
    expect(JSON.stringify(stored)).not.to.include(key!.split('_')[2]);

    const list = await admin.agent.get(`${BASE}/api-keys`).expect(200);
    expect(list.text).to.include('ERP Sage').and.include(`rcv_${stored.prefix}_`);
    expect(list.text).not.to.include(key!);

    await request(t.app).put(`${BASE}/api/v1/third-parties/411SAGE`).set('Authorization', `Bearer ${key}`).send({ name: 'Client Sage' }).expect(201);
    const used = await admin.agent.get(`${BASE}/api-keys`).expect(200);
    expect(used.text).not.to.include('Jamais utilisée');
  });

  it('re-shows the form with the message at the field when the name is missing', async () => {
    const res = await createKey({ name: '', access: 'read' }, 422);
    expect(res.text).to.include('data-field-error="name"');
    expect(await ds().getRepository(ApiKey).countBy({ name: '' })).to.equal(0);
  });

  it('revokes a key: the API refuses it from then on, and the list says so', async () => {
    const res = await createKey({ name: 'ERP à révoquer', access: 'read' }, 201);
    const key = /id="api-key-secret" type="text" readonly value="([^"]+)"/.exec(res.text)![1];
    const stored = await ds().getRepository(ApiKey).findOneByOrFail({ name: 'ERP à révoquer' });
    await request(t.app).get(`${BASE}/api/v1/dossiers`).set('Authorization', `Bearer ${key}`).expect(200);

    const revoke = await admin.agent.post(`${BASE}/api-keys/${stored.id}/revoke`).type('form').send({ _csrf: await admin.refreshCsrf('/api-keys') }).expect(303);
    expect(revoke.headers.location).to.equal(`${BASE}/api-keys`);
    const list = await admin.agent.get(`${BASE}/api-keys`).expect(200);
    expect(list.text).to.include('La clé a été révoquée').and.include('Révoquée le');
    expect((await ds().getRepository(ApiKey).findOneByOrFail({ id: stored.id })).revokedAt).to.be.a('string');
    await request(t.app).get(`${BASE}/api/v1/dossiers`).set('Authorization', `Bearer ${key}`).expect(401);
  });

  it('is for administrators only, and appears in their menu', async () => {
    const controller = await signIn(t, 'claire', 'controller');
    await controller.agent.get(`${BASE}/api-keys`).expect(403);
    await controller.agent.post(`${BASE}/api-keys`).type('form').send({ _csrf: controller.csrf, name: 'Pirate', access: 'write', companyId: String(ref.company.id) }).expect(403);
    expect(await ds().getRepository(ApiKey).countBy({ name: 'Pirate' })).to.equal(0);
    expect((await controller.agent.get(`${BASE}/dossiers`).expect(200)).text).not.to.include(`href="${BASE}/api-keys"`);
    expect((await admin.agent.get(`${BASE}/dossiers`).expect(200)).text).to.include(`href="${BASE}/api-keys"`);
  });

  it('still asks for the CSRF token on the admin pages', async () => {
    await admin.agent.post(`${BASE}/api-keys`).type('form').send({ name: 'Sans jeton', access: 'read', companyId: String(ref.company.id) }).expect(403);
  });
});
