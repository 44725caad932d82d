/**
 * Rappel / relevé pages (thin): the overdue customers with their aging, the print preview, the
 * confirmed batch, bulk "Créer un dossier", and the automatic rule's settings (administrators).
 */
import { randomUUID } from 'node:crypto';
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { AppError } from '../shared/errors';
import { formatAmountInput, parseAmount } from '../shared/money';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { listOverdueCustomers, matchingCustomerIds, REMINDER_SORTS, ReminderFilters, ReminderSort } from './reminder-list.service';
import { buildPreview, getBatch, MAX_BATCH_CUSTOMERS, PreviewChoices, printBatch } from './reminder-print.service';
import { reminderChoices } from './reminders.page';
import { autoDossierRule, createDossiersForCustomers, saveAutoDossierRule } from './reminder-dossiers.service';
import { isReminderLevel, ReminderLevel } from './reminder.rules';
import { handleForm } from '../web/form-action';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function asId(v: unknown): number | null {
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

function asCount(v: unknown): number | null {
  return typeof v === 'string' && /^\d{1,3}$/.test(v.trim()) ? Number(v.trim()) : null;
}

/** Filters as typed (kept in links and forms) and as values; a bad amount or day count is ignored and flagged. */
function filtersOf(source: Record<string, unknown>): { raw: Record<string, string>; filters: ReminderFilters; errors: Record<string, string> } {
  const raw = { minAmount: str(source.minAmount).slice(0, 30), minDays: str(source.minDays).slice(0, 6), controller: str(source.controller), risk: str(source.risk), q: str(source.q).slice(0, 100) };
  const errors: Record<string, string> = {};
  const minOverdue = raw.minAmount.trim() ? parseAmount(raw.minAmount) : null;
  if (raw.minAmount.trim() && minOverdue === null) errors.minAmount = 'validation.amount';
  const minDays = /^\d{1,5}$/.test(raw.minDays.trim()) ? Number(raw.minDays.trim()) : null;
  if (raw.minDays.trim() && minDays === null) errors.minDays = 'validation.integer';
  return { raw, errors, filters: { minOverdue, minDays, controllerId: asId(raw.controller), riskCodeId: asId(raw.risk), q: raw.q.trim() || null } };
}

function queryString(params: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The customers a form names: the ticked ones, or every customer the filters match ("select all N"). */
async function selectedCustomers(ctx: ModuleContext, body: Record<string, unknown>): Promise<number[]> {
  if (str(body.allMatching) === '1') {
    const { filters } = filtersOf(body);
    return matchingCustomerIds(ctx.dataSource, filters, ctx.today());
  }
  return parseForm(z.object({ customers: field.idList() }), body).customers;
}

/** The preview form's choices: `exclude` (entry ids), `count_<entry>`, `level_<customer>`. */
function choicesOf(body: Record<string, unknown>): PreviewChoices {
  const choices: PreviewChoices = { excluded: new Set(parseForm(z.object({ exclude: field.idList() }), body).exclude), counts: new Map(), levels: new Map() };
  for (const [key, value] of Object.entries(body)) {
    const count = /^count_(\d{1,9})$/.exec(key);
    if (count) {
      const n = asCount(value);
      if (n === null) throw AppError.field(key, 'validation.integer');
      choices.counts.set(Number(count[1]), n);
    }
    const level = /^level_(\d{1,9})$/.exec(key);
    if (level) {
      const n = Number(str(value));
      if (!isReminderLevel(n)) throw AppError.field(key, 'validation.choice');
      choices.levels.set(Number(level[1]), n as ReminderLevel);
    }
  }
  return choices;
}

const KINDS = ['letters', 'statements'] as const;

const ruleSchema = z.object({
  enabled: field.checkbox(),
  minOverdue: field.requiredAmount(),
  minDaysLate: field.integer(1, 3650),
  scenarioId: field.optionalId(),
});

export function reminderRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  const options = () => reminderChoices(ds);

  router.get('/reminders', async (req, res) => {
    const { raw, filters, errors } = filtersOf(req.query as Record<string, unknown>);
    const sort: ReminderSort = REMINDER_SORTS.includes(req.query.sort as ReminderSort) ? (req.query.sort as ReminderSort) : 'overdue';
    const dir = req.query.dir === 'asc' ? 'asc' : req.query.dir === 'desc' ? 'desc' : sort === 'name' || sort === 'account' ? 'asc' : 'desc';
    const page = Math.max(1, Math.min(100000, Number(asId(req.query.page) ?? 1)));
    const result = await listOverdueCustomers(ds, { ...filters, sort, dir, page, pageSize: ctx.config.pageSize, today: ctx.today() });
    res.status(Object.keys(errors).length ? 422 : 200).render('reminders/list', {
      title: res.locals.t('reminders.title'),
      ...result,
      ...(await options()),
      raw,
      errors,
      sort,
      dir,
      page,
      pages: Math.max(1, Math.ceil(result.total / ctx.config.pageSize)),
      filterQuery: (changes: Record<string, string | number | null>) => queryString({ ...raw, sort, dir, page, ...changes }),
      rule: await autoDossierRule(ds),
      maxBatch: MAX_BATCH_CUSTOMERS,
    });
  });

  /** The preview: what each letter will hold; nothing is written. Posted again to recompute after a change. */
  router.post('/reminders/preview', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const kind = KINDS.includes(body.kind as (typeof KINDS)[number]) ? (body.kind as (typeof KINDS)[number]) : 'letters';
    const back = str(body.back).startsWith('?') ? str(body.back).slice(0, 1000) : '';
    const ids = await selectedCustomers(ctx, body);
    if (ids.length === 0) {
      flash(req, 'warning', 'reminders.errors.noneSelected');
      return redirectTo(res, `/reminders${back}`);
    }
    if (ids.length > MAX_BATCH_CUSTOMERS) {
      flash(req, 'warning', res.locals.t('reminders.errors.tooMany', { max: MAX_BATCH_CUSTOMERS }));
      return redirectTo(res, `/reminders${back}`);
    }
    const preview = await buildPreview(ds, kind, ids, ctx.today(), choicesOf(body));
    const token = /^[A-Za-z0-9-]{16,64}$/.test(str(body.token)) ? str(body.token) : randomUUID();
    res.render('reminders/preview', { title: res.locals.t(kind === 'letters' ? 'reminders.preview.titleLetters' : 'reminders.preview.titleStatements'), preview, token, back });
  });

  /** Confirms the print: one batch, a reminder counted per invoice; the same token again prints the same batch. */
  router.post('/reminders/print', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const kind = KINDS.includes(body.kind as (typeof KINDS)[number]) ? (body.kind as (typeof KINDS)[number]) : 'letters';
    const ids = parseForm(z.object({ customers: field.idList() }), body).customers;
    const user = currentUser(res);
    const result = await printBatch(ds, {
      token: str(body.token), kind, customerIds: ids, choices: choicesOf(body), today: ctx.today(), actor: { userId: user.id, userName: user.displayName }, at: ctx.now().toISOString(),
    });
    if (result.alreadyPrinted) flash(req, 'info', 'reminders.batch.alreadyPrinted');
    else flash(req, 'success', res.locals.t(kind === 'letters' ? 'reminders.batch.recorded' : 'reminders.batch.recordedStatements', { letters: result.letters, reminders: result.reminders }));
    redirectTo(res, `/reminders/batches/${result.batchId}`);
  });

  router.get('/reminders/batches/:id', async (req, res) => {
    const id = asId(req.params.id);
    if (id === null) throw AppError.notFound();
    const batch = await getBatch(ds, id);
    res.render('reminders/batch', { title: `${res.locals.t('reminders.batch.title')} ${batch.id}`, batch });
  });

  router.get('/reminders/batches/:id/print', async (req, res) => {
    const id = asId(req.params.id);
    if (id === null) throw AppError.notFound();
    const batch = await getBatch(ds, id);
    res.type('html').set('Cache-Control', 'no-store').send(batch.html);
  });

  /** "Créer un dossier" for the selected customers, on the chosen scenario; a summary says who was skipped and why. */
  router.post('/reminders/dossiers', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = str(body.back).startsWith('?') ? str(body.back).slice(0, 1000) : '';
    const t = res.locals.t as (k: string, p?: Record<string, unknown>) => string;
    const { scenarioId } = parseForm(z.object({ scenarioId: field.optionalId() }), body);
    const ids = await selectedCustomers(ctx, body);
    if (ids.length === 0) {
      flash(req, 'warning', 'reminders.errors.noneSelected');
      return redirectTo(res, `/reminders${back}`);
    }
    const user = currentUser(res);
    await handleForm(req, res, {
      run: async () => {
        const result = await createDossiersForCustomers(ctx, ids, { scenarioId, today: ctx.today(), actor: { userId: user.id, userName: user.displayName }, at: ctx.now().toISOString() });
        const created = result.created.map((c) => `${c.name} (n° ${c.number})`).join(', ');
        flash(req, result.created.length ? 'success' : 'warning', t('reminders.dossiers.summary', { created: result.created.length, skipped: result.skipped.length }) + (created ? ` ${t('reminders.dossiers.createdList', { list: created })}` : ''));
        if (result.skipped.length) {
          const why = result.skipped
            .slice(0, 20)
            .map((s) => `${s.name} : ${t(`reminders.dossiers.skip.${s.reason}`, { numbers: s.dossierNumbers.join(', '), message: s.message ? t(s.message) : '' })}`)
            .join(' ; ');
          flash(req, 'warning', why + (result.skipped.length > 20 ? ` ${t('reminders.dossiers.more', { count: result.skipped.length - 20 })}` : ''));
        }
      },
      back: `/reminders${back}`,
      invalid: () => t('reminders.errors.scenario'),
      refused: false,
    });
  });

  router.get('/reminders/rule', async (_req, res) => {
    const rule = await autoDossierRule(ds);
    res.render('reminders/rule', {
      title: res.locals.t('reminders.rule.title'),
      values: { enabled: rule.enabled ? 'on' : '', minOverdue: formatAmountInput(rule.minOverdueCents, res.locals.fmt.locale), minDaysLate: String(rule.minDaysLate), scenarioId: rule.scenarioId ? String(rule.scenarioId) : '' },
      errors: {},
      scenarios: (await options()).scenarios,
    });
  });

  router.post('/reminders/rule', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, string>;
    await handleForm(req, res, {
      run: async () => {
        const input = parseForm(ruleSchema, body);
        await saveAutoDossierRule(ds, { enabled: input.enabled, minOverdueCents: input.minOverdue, minDaysLate: input.minDaysLate, scenarioId: input.scenarioId });
        return 'reminders.rule.saved';
      },
      back: '/reminders/rule',
      rerender: async (_req, _res, errors) => res.status(422).render('reminders/rule', {
        title: res.locals.t('reminders.rule.title'),
        values: { enabled: body.enabled ?? '', minOverdue: str(body.minOverdue), minDaysLate: str(body.minDaysLate), scenarioId: str(body.scenarioId) },
        errors,
        scenarios: (await options()).scenarios,
      }),
      refused: false,
    });
  });

  return router;
}
