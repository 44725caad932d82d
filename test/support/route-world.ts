/**
 * A small world in which every route of the module has something real to act on (a dossier of the
 * signed-in controller, another controller's dossier, a customer with a contact, an intervention,
 * a scenario, templates, API keys …), and the substitution of route parameters by those ids.
 * Used by the role matrix and the fuzz test, which both read the routes from the app itself.
 */
import type { DataSource } from 'typeorm';
import { CreditController } from '../../src/credit-controllers/credit-controller.entity';
import { DossierStatus } from '../../src/settings/reference-list.entities';
import { Intervention } from '../../src/interventions/intervention.entity';
import { createUser } from '../../src/auth/auth.service';
import { createApiKey } from '../../src/api-keys/api-key.service';
import { loadShippedScenarios } from '../../src/scenarios/scenario.service';
import { ensureShippedTemplates } from '../../src/documents';
import { Scenario } from '../../src/scenarios/scenario.entity';
import { REPORT_CODES } from '../../src/reports/reports.service';
import { makeContact, makeDossier, makeEntry, makeThirdParty, ReferenceData, seedReferenceData } from './factories';
import { TEST_PASSWORD } from './test-app';
import type { AppRoute } from './route-list';

export interface RouteWorld {
  ref: ReferenceData;
  /** Assigned to the controller user `ctrl`. */
  ownDossierId: number;
  ownDossierNumber: number;
  /** Assigned to another credit controller. */
  otherDossierId: number;
  thirdPartyId: number;
  auxiliaryAccount: string;
  contactId: number;
  interventionId: number;
  otherInterventionId: number;
  scenarioId: number;
  templateCode: string;
  spareUserId: number;
  spareStatusId: number;
  readKey: string;
  writeKey: string;
  apiKeyId: number;
}

/** Users signed in by the tests: one per role; `ctrl` is the credit controller Claire Martin. */
export const ROLE_USERS = { admin: 'adm', controller: 'ctrl', accountant: 'acc', auditor: 'aud' } as const;

export async function buildRouteWorld(ds: DataSource): Promise<RouteWorld> {
  const ref = await seedReferenceData(ds);
  await loadShippedScenarios(ds, { at: '2026-11-22T09:00:00.000Z' });
  await ensureShippedTemplates(ds);
  for (const [role, username] of Object.entries(ROLE_USERS)) {
    const user = await createUser(ds, { username, displayName: `User ${username}`, password: TEST_PASSWORD, role: role as keyof typeof ROLE_USERS });
    if (role === 'controller') await ds.getRepository(CreditController).update({ id: ref.controllers[0].id }, { userId: user.id });
  }
  const spare = await createUser(ds, { username: 'spare', displayName: 'Spare', password: TEST_PASSWORD, role: 'auditor' });
  const spareStatus = await ds.getRepository(DossierStatus).save({ code: 'SPARE', label: 'Spare', kind: 'open', proposedLossHundredths: null, position: 99, active: true } as DossierStatus);
  const customer = await makeThirdParty(ds, ref, { name: 'Imprimerie Morel' });
  await makeEntry(ds, ref, customer);
  const contact = await makeContact(ds, { thirdPartyId: customer.id });
  const own = await makeDossier(ds, ref, customer, { controllerId: ref.controllers[0].id });
  const other = await makeDossier(ds, ref, customer, { controllerId: ref.controllers[1].id });
  const intervention = (dossierId: number) =>
    ds.getRepository(Intervention).save(
      ds.getRepository(Intervention).create({ dossierId, type: 'call', label: 'Appeler le client', state: 'todo', dueDate: '2026-11-20', priority: 100, createdAt: '2026-11-22T09:00:00.000Z' } as Partial<Intervention>),
    );
  const scenario = await ds.getRepository(Scenario).findOneOrFail({ where: {}, order: { id: 'ASC' } });
  const read = await createApiKey(ds, { companyId: ref.company.id, name: 'lecture', access: 'read' }, null, '2026-11-22T09:00:00.000Z');
  const write = await createApiKey(ds, { companyId: ref.company.id, name: 'écriture', access: 'write' }, null, '2026-11-22T09:00:00.000Z');
  // The key the admin's matrix pass revokes: not one of those the API pass uses.
  const spareKey = await createApiKey(ds, { companyId: ref.company.id, name: 'à révoquer', access: 'read' }, null, '2026-11-22T09:00:00.000Z');
  return {
    ref,
    ownDossierId: own.id,
    ownDossierNumber: own.number,
    otherDossierId: other.id,
    thirdPartyId: customer.id,
    auxiliaryAccount: customer.auxiliaryAccount,
    contactId: contact.id,
    interventionId: (await intervention(own.id)).id,
    otherInterventionId: (await intervention(other.id)).id,
    scenarioId: scenario.id,
    templateCode: 'relance-simple',
    spareUserId: spare.id,
    spareStatusId: spareStatus.id,
    readKey: read.key,
    writeKey: write.key,
    apiKeyId: spareKey.apiKey.id,
  };
}

/** The concrete URL of a route in the world; `dossierId` picks whose dossier the /dossiers/:id routes act on. */
export function concretePath(route: AppRoute, w: RouteWorld, dossierId = w.ownDossierId): string {
  const p = route.path;
  const idFor = (): string => {
    if (/^\/(dossiers|provisions\/dossiers|documents\/dossiers)\/:id/.test(p)) return String(dossierId);
    if (p.startsWith('/third-parties/')) return String(w.thirdPartyId);
    if (p.startsWith('/settings/controllers/')) return String(w.ref.controllers[1].id);
    if (p.startsWith('/settings/companies/')) return '999999';
    if (p.startsWith('/settings/')) return String(w.spareStatusId);
    if (p.startsWith('/scenarios/')) return String(w.scenarioId);
    if (p.startsWith('/users/')) return String(w.spareUserId);
    if (p.startsWith('/api-keys/')) return String(w.apiKeyId);
    return '999999';
  };
  return p
    .replace(':id', idFor())
    .replace(':cid', String(w.contactId))
    .replace(':iid', String(dossierId === w.otherDossierId ? w.otherInterventionId : w.interventionId))
    .replace(':list', 'statuses')
    .replace(':index', '0')
    .replace(':code', p.startsWith('/reports/') ? REPORT_CODES[0] : w.templateCode)
    .replace(':number', String(w.ownDossierNumber))
    .replace(':auxiliaryAccount', encodeURIComponent(w.auxiliaryAccount))
    .replace(/:(planId|sid|aid|mid|rid|pid|oid)/g, '999999');
}
