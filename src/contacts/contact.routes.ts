/** The dossier's Contacts tab: add a contact of any kind, edit one (its own record, wherever it lives). */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { Dossier } from '../dossiers';
import { contactKindSchema, contactSchema } from './contact.forms';
import { actorOf } from '../web/auth';
import { renderDossierPage } from '../web/dossier-page';
import { AppError, isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { errorMap, parseForm, idParam, versionSchema } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { Contact } from './contact.entity';
import { addContact, belongsToDossier, updateContact } from './contact.service';

export function contactRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  const load = async (req: Request) => {
    const dossier = await ds.getRepository(Dossier).findOneBy({ id: idParam(req.params.id) });
    if (!dossier) throw AppError.notFound();
    return dossier;
  };

  const renderEdit = (res: Response, dossier: Dossier, contact: Contact, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) =>
    res.status(status).render('dossiers/contact-form', { title: res.locals.t('contacts.edit.title'), dossier, contact, values, errors });

  router.post('/dossiers/:id/contacts', async (req, res) => {
    const dossier = await load(req);
    try {
      const { kind } = parseForm(contactKindSchema, req.body);
      const input = parseForm(contactSchema, req.body);
      await addContact(ds, dossier, kind, input, actorOf(res), ctx.now().toISOString());
      flash(req, 'success', 'contacts.flash.added');
      redirectTo(res, `/dossiers/${dossier.id}?tab=contacts`);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'validation') throw err;
      await renderDossierPage(ctx, res, dossier.id, 'contacts', { status: 422, errors: errorMap(err), values: req.body ?? {}, form: 'add' });
    }
  });

  router.get('/dossiers/:id/contacts/:cid/edit', async (req, res) => {
    const dossier = await load(req);
    const contact = await ds.getRepository(Contact).findOneBy({ id: idParam(req.params.cid) });
    if (!contact || !belongsToDossier(contact, dossier)) throw AppError.notFound();
    renderEdit(res, dossier, contact, { ...contact });
  });

  router.post('/dossiers/:id/contacts/:cid', async (req, res) => {
    const dossier = await load(req);
    const contact = await ds.getRepository(Contact).findOneBy({ id: idParam(req.params.cid) });
    if (!contact || !belongsToDossier(contact, dossier)) throw AppError.notFound();
    try {
      const { version } = parseForm(versionSchema, req.body);
      const input = parseForm(contactSchema, req.body);
      await updateContact(ds, dossier, contact.id, version, input, actorOf(res), ctx.now().toISOString());
      flash(req, 'success', 'contacts.flash.saved');
      redirectTo(res, `/dossiers/${dossier.id}?tab=contacts`);
    } catch (err) {
      if (!isAppError(err) || (err.code !== 'validation' && err.code !== 'conflict')) throw err;
      const errors = err.code === 'conflict' ? { _form: err.message } : errorMap(err);
      renderEdit(res, dossier, contact, { ...(req.body ?? {}) }, errors, err.httpStatus);
    }
  });

  return router;
}
