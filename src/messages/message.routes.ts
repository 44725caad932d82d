/**
 * Messages (/messages: inbox, outbox, new, read), notes on a dossier (into its Chrono), and
 * Dossiers récemment mis à jour (/recent-dossiers). Its middleware puts the unread count in the header.
 */
import { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/auth.middleware';
import { actorOf, idParam, renderDossierPage } from '../dossiers/dossier.web';
import { parseBusinessDate } from '../shared/business-date';
import { isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { errorMap, field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { addNote, listMessages, MESSAGE_MAX, openMessage, recentlyUpdatedDossiers, recipients, sendMessage, unreadCount } from './message.service';

const messageSchema = z.object({
  toUserId: field.requiredId(),
  dossierId: field.optionalId(),
  parentId: field.optionalId(),
  subject: field.requiredText(200),
  body: field.requiredText(MESSAGE_MAX),
  urgent: field.checkbox(),
  replyRequired: field.checkbox(),
});

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

/** The header's unread-messages badge, on every full page: mounted first, before every other router. */
export function unreadBadgeRoutes(ctx: ModuleContext): Router {
  const router = Router();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as { id: number } | undefined;
    if (req.method === 'GET' && user && !req.get('HX-Request')) res.locals.unreadMessages = await unreadCount(ctx.dataSource, user.id);
    next();
  });
  return router;
}

export function messageRoutes(ctx: ModuleContext): Router {
  const router = Router();
  const ds = ctx.dataSource;

  router.get('/messages', async (req, res) => {
    const filters = {
      box: req.query.box === 'out' ? ('out' as const) : ('in' as const),
      unread: req.query.unread === '1',
      q: str(req.query.q).slice(0, 200),
      from: parseBusinessDate(str(req.query.from)),
      to: parseBusinessDate(str(req.query.to)),
    };
    const rows = await listMessages(ds, currentUser(res).id, filters);
    res.render('messages/list', { title: res.locals.t(filters.box === 'in' ? 'messages.inbox' : 'messages.outbox'), rows, filters, query: req.query });
  });

  const renderForm = async (res: Response, values: Record<string, string>, status = 200, errors: Record<string, string> = {}) => {
    const dossierId = /^\d{1,9}$/.test(values.dossierId ?? '') ? Number(values.dossierId) : null;
    const { users, suggested } = await recipients(ds, dossierId);
    values.toUserId ||= suggested ? String(suggested) : '';
    res.status(status).render('messages/form', { title: res.locals.t('messages.new'), users: users.filter((u) => u.id !== currentUser(res).id), values, errors, max: MESSAGE_MAX });
  };

  router.get('/messages/new', async (req, res) => {
    const values: Record<string, string> = { dossierId: str(req.query.dossierId), parentId: '', toUserId: '', subject: '', body: '' };
    const replyTo = /^\d{1,9}$/.test(str(req.query.replyTo)) ? Number(req.query.replyTo) : null;
    if (replyTo) {
      const m = await openMessage(ds, currentUser(res).id, replyTo, ctx.now().toISOString());
      Object.assign(values, { parentId: String(m.id), toUserId: String(m.fromUserId === currentUser(res).id ? m.toUserId : m.fromUserId), subject: m.subject.startsWith('RE: ') ? m.subject : `RE: ${m.subject}`.slice(0, 200), dossierId: m.dossierId ? String(m.dossierId) : '' });
    }
    await renderForm(res, values);
  });

  router.post('/messages', async (req, res) => {
    try {
      const f = parseForm(messageSchema, req.body);
      await sendMessage(ds, currentUser(res).id, f, ctx.now().toISOString());
      flash(req, 'success', 'messages.flash.sent');
      redirectTo(res, '/messages?box=out');
    } catch (err) {
      if (!isAppError(err) || err.code !== 'validation') throw err;
      await renderForm(res, bodyValues(req), 422, errorMap(err));
    }
  });

  router.get('/messages/:mid', async (req, res) => {
    const m = await openMessage(ds, currentUser(res).id, idParam(req.params.mid), ctx.now().toISOString());
    res.locals.unreadMessages = await unreadCount(ds, currentUser(res).id);
    res.render('messages/show', { title: m.subject, m });
  });

  router.post('/dossiers/:id/notes', requireRole('admin', 'controller', 'accountant'), async (req, res) => {
    const id = idParam(req.params.id);
    try {
      const { note } = parseForm(z.object({ note: field.requiredText(MESSAGE_MAX) }), req.body);
      await addNote(ds, id, note, actorOf(res), ctx.now().toISOString());
      flash(req, 'success', 'messages.flash.noteAdded');
      redirectTo(res, `/dossiers/${id}?tab=chrono`);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'validation') throw err;
      await renderDossierPage(ctx, res, id, 'chrono', { status: 422, errors: errorMap(err), values: bodyValues(req), form: 'note' });
    }
  });

  router.get('/recent-dossiers', async (_req, res) => {
    res.render('messages/recent-dossiers', { title: res.locals.t('messages.recent.title'), rows: await recentlyUpdatedDossiers(ds, ctx.now()) });
  });

  return router;
}
