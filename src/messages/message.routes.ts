/**
 * Messages (/messages: inbox, outbox, new, read), notes on a dossier (into its Chrono), and
 * Dossiers récemment mis à jour (/recent-dossiers). Its middleware puts the unread count in the header.
 */
import fs from 'node:fs';
import { NextFunction, Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import multer from 'multer';
import { z } from 'zod';
import { contentDisposition, maxBytesPerDossier, parseAllowedTypes, uploadStorage, type UploadedFile } from '../attachments';
import { currentUser, actorOf } from '../web/auth';
import { renderDossierPage } from '../web/dossier-page';
import { parseBusinessDate } from '../shared/business-date';
import { AppError, isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { errorMap, field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { addNote, listMessages, MESSAGE_MAX, messageAttachmentFor, messageAttachmentPath, messageAttachments, openMessage, recentlyUpdatedDossiers, recipients, sendMessage, unreadCount } from './message.service';
import { handleForm } from '../web/form-action';

const MAX_FILES_PER_MESSAGE = 20;

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
  const router = moduleRouter();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as { id: number } | undefined;
    if (req.method === 'GET' && user && !req.get('HX-Request')) res.locals.unreadMessages = await unreadCount(ctx.dataSource, user.id);
    next();
  });
  return router;
}

export function messageRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
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
    res.status(status).render('messages/form', {
      title: res.locals.t('messages.new'), users: users.filter((u) => u.id !== currentUser(res).id), values, errors, max: MESSAGE_MAX,
      attachmentsMaxMb: Math.round(maxBytesPerDossier(ctx.config) / 1048576), attachmentTypes: parseAllowedTypes(ctx.config.attachmentTypes),
    });
  };

  // Attachments: multipart, written to a temporary folder under UPLOAD_DIR, then moved in place by the use case.
  const upload = multer({
    storage: uploadStorage(ctx.config.uploadDir),
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytesPerDossier(ctx.config), files: MAX_FILES_PER_MESSAGE, fields: 20, fieldSize: 64 * 1024 },
  }).array('files', MAX_FILES_PER_MESSAGE);

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
    let files: UploadedFile[] = [];
    try {
      await new Promise<void>((resolve, reject) =>
        upload(req, res, (err: unknown) => {
          if (!err || err instanceof multer.MulterError) return err ? reject(err) : resolve();
          // A malformed multipart body (e.g. a NUL in a part header) is the sender's error, not ours.
          reject(AppError.field('files', 'messages.errors.unreadable'));
        }),
      );
      files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const f = parseForm(messageSchema, req.body);
      await sendMessage(ds, currentUser(res).id, f, ctx.now().toISOString(), { config: ctx.config, files });
      flash(req, 'success', 'messages.flash.sent');
      redirectTo(res, '/messages?box=out');
    } catch (err) {
      await Promise.all(files.map((file) => fs.promises.rm(file.path, { force: true })));
      // multer cuts a file over the limit short; its partial file is already removed.
      const tooBig = err instanceof multer.MulterError && (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FILE_COUNT');
      if (!tooBig && (!isAppError(err) || err.code !== 'validation')) throw err;
      await renderForm(res, bodyValues(req), tooBig ? 413 : 422, tooBig ? { files: 'messages.errors.filesTooBig' } : errorMap(err as AppError));
    }
  });

  // Only the message's sender and recipient: anyone else gets "not found", as for the message itself.
  router.get('/messages/:mid/attachments/:aid', async (req, res) => {
    const a = await messageAttachmentFor(ds, currentUser(res).id, idParam(req.params.mid), idParam(req.params.aid));
    const file = messageAttachmentPath(ctx.config, a);
    if (!fs.existsSync(file)) throw AppError.notFound();
    res.setHeader('Content-Disposition', contentDisposition(a.originalName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A download, never rendered in the app's origin (an attached HTML or SVG cannot run script).
    res.type('application/octet-stream');
    fs.createReadStream(file).pipe(res);
  });

  router.get('/messages/:mid', async (req, res) => {
    const m = await openMessage(ds, currentUser(res).id, idParam(req.params.mid), ctx.now().toISOString());
    res.locals.unreadMessages = await unreadCount(ds, currentUser(res).id);
    res.render('messages/show', { title: m.subject, m, attachments: await messageAttachments(ds, m.id) });
  });

  router.post('/dossiers/:id/notes', async (req, res) => {
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => {
        const { note } = parseForm(z.object({ note: field.requiredText(MESSAGE_MAX) }), req.body);
        await addNote(ds, id, note, actorOf(res), ctx.now().toISOString());
        return 'messages.flash.noteAdded';
      },
      back: `/dossiers/${id}?tab=chrono`,
      rerender: (_req, _res, errors) => renderDossierPage(ctx, res, id, 'chrono', { status: 422, errors, values: bodyValues(req), form: 'note' }),
      refused: false,
    });
  });

  router.get('/recent-dossiers', async (_req, res) => {
    res.render('messages/recent-dossiers', { title: res.locals.t('messages.recent.title'), rows: await recentlyUpdatedDossiers(ds, ctx.now()) });
  });

  return router;
}
