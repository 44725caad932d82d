/** The outbox: e-mails queued by the module, their status, and resending (/outbox). */
import { type Router } from 'express';
import { moduleRouter } from '../web/router';
import type { ModuleContext } from '../web/context';
import { flash, redirectTo } from '../web/middleware';
import { requeueMessage, sendQueued, smtpConfigured } from './mail.service';
import { OUTBOX_STATUSES, type OutboxStatus } from './outbox-message.entity';
import { idParam } from '../web/form';
import { outboxMessage, outboxPage } from './outbox.page';

const PAGE_SIZE = 50;


export function mailRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.get('/outbox', async (req, res) => {
    const status = OUTBOX_STATUSES.includes(req.query.status as OutboxStatus) ? (req.query.status as OutboxStatus) : null;
    const page = Math.max(1, Number(/^\d{1,6}$/.test(String(req.query.page ?? '')) ? req.query.page : 1));
    const { messages, total, counts } = await outboxPage(ctx.dataSource, status, page, PAGE_SIZE);
    res.render('outbox/list', {
      title: res.locals.t('mail.outbox.title'),
      messages,
      status,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      counts,
      smtp: smtpConfigured(ctx.config),
    });
  });

  router.get('/outbox/:id', async (req, res) => {
    const message = await outboxMessage(ctx.dataSource, idParam(req.params.id));
    res.render('outbox/show', { title: message.subject, message, smtp: smtpConfigured(ctx.config) });
  });

  router.post('/outbox/send', async (req, res) => {
    const summary = await sendQueued(ctx.dataSource, ctx.config);
    if (!summary.configured) flash(req, 'info', 'mail.outbox.noSmtp');
    else flash(req, summary.failed ? 'warning' : 'success', res.locals.t('mail.outbox.sendDone', { sent: summary.sent, failed: summary.failed }));
    redirectTo(res, '/outbox');
  });

  router.post('/outbox/:id/resend', async (req, res) => {
    const message = await requeueMessage(ctx.dataSource, idParam(req.params.id));
    if (smtpConfigured(ctx.config)) {
      const summary = await sendQueued(ctx.dataSource, ctx.config, { ids: [message.id] });
      flash(req, summary.sent ? 'success' : 'warning', summary.sent ? 'mail.outbox.resent' : 'mail.outbox.resendFailed');
    } else {
      flash(req, 'info', 'mail.outbox.requeued');
    }
    redirectTo(res, `/outbox/${message.id}`);
  });

  return router;
}
