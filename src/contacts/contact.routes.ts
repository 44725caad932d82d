/** The dossier's Contacts tab: add a contact of any kind, edit one (its own record, wherever it lives). */
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { Dossier, getDossier } from '../dossiers';
import { contactKindSchema, contactSchema } from './contact.forms';
import { actorOf } from '../web/auth';
import { renderDossierPage } from '../web/dossier-page';
import type { ModuleContext } from '../web/context';
import { parseForm, idParam, versionSchema } from '../web/form';
import { Contact } from './contact.entity';
import { addContact, getDossierContact, updateContact } from './contact.service';
import { handleForm } from '../web/form-action';

export function contactRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  const load = (req: Request) => getDossier(ds, idParam(req.params.id));

  const renderEdit = (res: Response, dossier: Dossier, contact: Contact, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) =>
    res.status(status).render('dossiers/contact-form', { title: res.locals.t('contacts.edit.title'), dossier, contact, values, errors });

  router.post('/dossiers/:id/contacts', async (req, res) => {
    const dossier = await load(req);
    await handleForm(req, res, {
      run: async () => {
        const { kind } = parseForm(contactKindSchema, req.body);
        await addContact(ds, dossier, kind, parseForm(contactSchema, req.body), actorOf(res), ctx.now().toISOString());
        return 'contacts.flash.added';
      },
      back: `/dossiers/${dossier.id}?tab=contacts`,
      rerender: (_req, _res, errors) => renderDossierPage(ctx, res, dossier.id, 'contacts', { status: 422, errors, values: req.body ?? {}, form: 'add' }),
      refused: false,
    });
  });

  router.get('/dossiers/:id/contacts/:cid/edit', async (req, res) => {
    const dossier = await load(req);
    const contact = await getDossierContact(ds, dossier, idParam(req.params.cid));
    renderEdit(res, dossier, contact, { ...contact });
  });

  router.post('/dossiers/:id/contacts/:cid', async (req, res) => {
    const dossier = await load(req);
    const contact = await getDossierContact(ds, dossier, idParam(req.params.cid));
    await handleForm(req, res, {
      run: async () => {
        const { version } = parseForm(versionSchema, req.body);
        await updateContact(ds, dossier, contact.id, version, parseForm(contactSchema, req.body), actorOf(res), ctx.now().toISOString());
        return 'contacts.flash.saved';
      },
      back: `/dossiers/${dossier.id}?tab=contacts`,
      rerender: (_req, _res, errors, err) => { renderEdit(res, dossier, contact, { ...(req.body ?? {}) }, err.code === 'conflict' ? { _form: err.message } : errors, err.httpStatus); },
      rerenderConflict: true,
      refused: false,
    });
  });

  return router;
}
