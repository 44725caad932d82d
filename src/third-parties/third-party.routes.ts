/** Customer pages: list, record (identity, contacts, open items, dossiers), and "create a dossier". */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { createDossierForCustomer } from '../dossiers';
import { listControllers } from '../credit-controllers';
import { AGING_BUCKETS } from '../ledger';
import { listRiskCodes } from '../settings';
import { formatAmountInput, percentOf } from '../shared/money';
import { checkContractRate, loadRateTables } from '../late-payment';
import type { ModuleContext } from '../web/context';
import { field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { addCustomerContact, deleteCustomerContact, getCustomerContact, listCustomerContacts, updateCustomerContact } from '../contacts';
import { parsePage, parseSort } from './third-party.rules';
import { getThirdParty, listThirdParties, thirdPartyPage, updateThirdParty } from './third-party.service';
import { ANSWERED, handleForm } from '../web/form-action';

const identitySchema = z.object({
  name: field.requiredText(200),
  legalForm: field.optionalText(40),
  address: field.optionalText(300),
  postalCode: field.optionalText(20),
  city: field.optionalText(100),
  country: field.requiredText(2),
  vatNumber: field.optionalText(30),
  siren: field.optionalText(20),
  phone: field.optionalText(40),
  email: field.optionalText(200),
  riskCodeId: field.optionalId(),
  creditControllerId: field.optionalId(),
  paymentTermsDays: field.optionalInteger(0, 365),
  // Blank: the legal rate. The percentage field reads a blank as 0, so blank is kept apart.
  contractRate: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), field.percentage().optional()).transform((v) => v ?? null),
  // Absent (a form or client that does not send it): unchanged.
  customerType: field.oneOf(['business', 'consumer'] as const).optional(),
  version: field.integer(1, Number.MAX_SAFE_INTEGER),
});

const contactSchema = z.object({
  firstName: field.optionalText(80),
  lastName: field.requiredText(80),
  jobTitle: field.optionalText(120),
  phone: field.optionalText(40),
  mobile: field.optionalText(40),
  email: field.optionalText(200),
});

const versionSchema = z.object({ version: field.integer(1, Number.MAX_SAFE_INTEGER) });

/** Who may change a customer: everyone but the read-only auditor. */


function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function thirdPartyRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.get('/third-parties', async (req, res) => {
    const { sort, dir } = parseSort(req.query.sort, req.query.dir);
    const page = parsePage(req.query.page);
    const search = str(req.query.q).slice(0, 200);
    const result = await listThirdParties(ds, { search, sort, dir, page, pageSize: ctx.config.pageSize, today: ctx.today() });
    res.render('third-parties/list', {
      title: res.locals.t('thirdParties.list.title'),
      ...result,
      filters: { q: search, sort, dir, page },
      pages: Math.max(1, Math.ceil(result.total / ctx.config.pageSize)),
    });
  });

  router.get('/third-parties/:id', async (req, res) => {
    const data = await thirdPartyPage(ds, idParam(req.params.id), ctx.today());
    const contacts = await listCustomerContacts(ds, data.thirdParty.id);
    res.render('third-parties/show', { title: data.thirdParty.name, ...data, contacts, buckets: AGING_BUCKETS });
  });

  async function renderEdit(res: Response, id: number, values: Record<string, string>, extra: { status?: number; errors?: Record<string, string>; conflict?: boolean } = {}) {
    const thirdParty = await getThirdParty(ds, id);
    const [riskCodes, controllers] = await Promise.all([
      listRiskCodes(ds),
      listControllers(ds, { includeInactive: true }),
    ]);
    // Inactive items stay offered only when already chosen.
    const keep = (active: boolean, itemId: number, current: number | null) => active || itemId === current;
    res.status(extra.status ?? 200).render('third-parties/edit', {
      title: `${res.locals.t('thirdParties.edit.title')} · ${thirdParty.name}`,
      thirdParty,
      values,
      errors: extra.errors ?? {},
      conflict: extra.conflict ?? false,
      riskCodes: riskCodes.filter((r) => keep(r.active, r.id, thirdParty.riskCodeId)),
      controllers: controllers.filter((c) => keep(c.active, c.id, thirdParty.creditControllerId)),
    });
  }

  router.get('/third-parties/:id/edit', async (req, res) => {
    const id = idParam(req.params.id);
    const tp = await getThirdParty(ds, id);
    const values: Record<string, string> = {};
    for (const key of ['name', 'legalForm', 'address', 'postalCode', 'city', 'country', 'vatNumber', 'siren', 'phone', 'email', 'riskCodeId', 'creditControllerId', 'paymentTermsDays', 'customerType', 'version'] as const) {
      const v = tp[key];
      values[key] = v === null || v === undefined ? '' : String(v);
    }
    values.contractRate = tp.contractRateHundredths === null ? '' : formatAmountInput(tp.contractRateHundredths, res.locals.fmt.locale);
    await renderEdit(res, id, values);
  });

  router.post('/third-parties/:id', async (req, res) => {
    const id = idParam(req.params.id);
    const values = bodyValues(req);
    await handleForm(req, res, {
      run: async () => {
        const { version, contractRate, ...identity } = parseForm(identitySchema, req.body);
        const user = currentUser(res);
        const today = ctx.today();
        await updateThirdParty(ds, id, version, { ...identity, contractRateHundredths: contractRate }, ctx.now().toISOString(), { userId: user.id, userName: user.displayName }, today);
        flash(req, 'success', 'thirdParties.flash.saved');
        const check = contractRate === null ? null : checkContractRate(percentOf(contractRate), (await loadRateTables(ds)).legalInterest, today);
        if (check && check.floorPercent === null) flash(req, 'warning', res.locals.t('latePayment.contractFloorUnknown', { halfYear: check.halfYear }));
      },
      back: `/third-parties/${id}`,
      rerender: async (_req, _res, errors, err) => {
        if (err.code === 'conflict') return renderEdit(res, id, values, { status: 409, conflict: true });
        if (errors.contractRate) errors.contractRate = res.locals.t(errors.contractRate, err.params);
        await renderEdit(res, id, values, { status: 422, errors });
      },
      rerenderConflict: true,
      refused: false,
    });
  });

  // Contacts --------------------------------------------------------------------------------

  async function renderContact(res: Response, thirdPartyId: number, contactId: number | null, values: Record<string, string>, extra: { status?: number; errors?: Record<string, string>; conflict?: boolean } = {}) {
    const thirdParty = await getThirdParty(ds, thirdPartyId);
    res.status(extra.status ?? 200).render('third-parties/contact-form', {
      title: res.locals.t(contactId ? 'thirdParties.contacts.editTitle' : 'thirdParties.contacts.newTitle'),
      thirdParty,
      contactId,
      values,
      errors: extra.errors ?? {},
      conflict: extra.conflict ?? false,
    });
  }

  router.get('/third-parties/:id/contacts/new', async (req, res) => {
    await renderContact(res, idParam(req.params.id), null, {});
  });

  router.get('/third-parties/:id/contacts/:cid/edit', async (req, res) => {
    const id = idParam(req.params.id);
    const c = await getCustomerContact(ds, id, idParam(req.params.cid));
    const values: Record<string, string> = {};
    for (const key of ['firstName', 'lastName', 'jobTitle', 'phone', 'mobile', 'email', 'version'] as const) values[key] = c[key] === null ? '' : String(c[key]);
    await renderContact(res, id, c.id, values);
  });

  router.post('/third-parties/:id/contacts', async (req, res) => {
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => { await addCustomerContact(ds, id, parseForm(contactSchema, req.body)); return 'thirdParties.flash.contactAdded'; },
      back: `/third-parties/${id}#contacts`,
      rerender: (_req, _res, errors) => renderContact(res, id, null, bodyValues(req), { status: 422, errors }),
      refused: false,
    });
  });

  router.post('/third-parties/:id/contacts/:cid', async (req, res) => {
    const id = idParam(req.params.id);
    const cid = idParam(req.params.cid);
    await handleForm(req, res, {
      run: async () => {
        const { version } = parseForm(versionSchema, req.body);
        await updateCustomerContact(ds, id, cid, version, parseForm(contactSchema, req.body));
        return 'thirdParties.flash.contactSaved';
      },
      back: `/third-parties/${id}#contacts`,
      rerender: (_req, _res, errors, err) => renderContact(res, id, cid, bodyValues(req), err.code === 'conflict' ? { status: 409, conflict: true } : { status: 422, errors }),
      rerenderConflict: true,
      refused: false,
    });
  });

  router.post('/third-parties/:id/contacts/:cid/delete', async (req, res) => {
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => { await deleteCustomerContact(ds, id, idParam(req.params.cid)); return 'thirdParties.flash.contactDeleted'; },
      back: `/third-parties/${id}#contacts`,
      refused: 'thirdParties.errors.contactInUse',
    });
  });

  // Recouvrement ----------------------------------------------------------------------------

  /** Opens a dossier for the customer over its open entries, then shows it. */
  router.post('/third-parties/:id/dossiers', async (req, res) => {
    const id = idParam(req.params.id);
    await getThirdParty(ds, id);
    const user = currentUser(res);
    await handleForm(req, res, {
      run: async () => {
        const { dossier } = await createDossierForCustomer(ctx, id, { today: ctx.today(), actor: { userId: user.id, userName: user.displayName } });
        flash(req, 'success', 'thirdParties.flash.dossierCreated');
        redirectTo(res, `/dossiers/${dossier.id}`);
        return ANSWERED;
      },
      back: `/third-parties/${id}#recovery`,
    });
  });

  return router;
}
