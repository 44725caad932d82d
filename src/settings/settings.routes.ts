/** Administrator pages for the settings lists (statuses, risk codes, dispute reasons, resolutions, results). Admins only. */
import { NextFunction, Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { bodyValues, field, parseForm, idParam } from '../web/form';
import { redirectTo } from '../web/middleware';
import { DossierStatus, STATUS_KINDS } from './reference-list.entities';
import { isListSlug, isValidCode, ListSlug, normalizeCode } from './settings.rules';
import { deleteItem, getItem, listItems, ReferenceItemInput, saveItem, setItemActive } from './settings.service';
import { percentNumber } from '../shared/money';
import { handleForm, translated } from '../web/form-action';

/** A percentage that may be left empty (no proposed loss), as hundredths. */
const optionalPercentage = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), field.percentage().optional()).transform((v) => v ?? null);

const itemSchema = z.object({
  code: field.requiredText(40),
  label: field.requiredText(120),
  position: field.optionalInteger(0, 99999),
  active: field.checkbox(),
});
const statusSchema = itemSchema.extend({ kind: field.oneOf(STATUS_KINDS), proposedLoss: optionalPercentage(), requiresApproval: field.checkbox() });
const resultSchema = itemSchema.extend({ lost: field.checkbox() });
const activeSchema = z.object({ active: z.enum(['true', 'false'], { error: 'validation.choice' }) });


/** Form values → input; the code is upper-cased and must be an identifier. */
export function parseItem(slug: ListSlug, body: unknown): ReferenceItemInput {
  const isStatus = slug === 'statuses';
  const form = parseForm(isStatus ? statusSchema : slug === 'results' ? resultSchema : itemSchema, body) as z.output<typeof statusSchema> & { lost?: boolean };
  const code = normalizeCode(form.code);
  if (!isValidCode(code)) throw AppError.field('code', 'settings.errors.code');
  const input: ReferenceItemInput = { code, label: form.label, position: form.position ?? 0, active: form.active };
  if (isStatus) {
    input.kind = form.kind;
    input.proposedLossHundredths = form.proposedLoss;
    input.requiresApproval = form.requiresApproval;
  }
  if (slug === 'results') input.lost = form.lost ?? false;
  return input;
}

function itemValues(slug: ListSlug, item: Record<string, unknown>, locale: string): Record<string, string> {
  const values: Record<string, string> = { code: String(item.code), label: String(item.label), position: String(item.position), active: item.active ? 'on' : '' };
  if (slug === 'statuses') {
    const s = item as unknown as DossierStatus;
    values.kind = s.kind;
    const p = s.proposedLossHundredths;
    values.proposedLoss = p === null ? '' : percentNumber(p, locale === 'fr' ? 'fr' : 'en');
    values.requiresApproval = s.requiresApproval ? 'on' : '';
  }
  if (slug === 'results') values.lost = item.lost ? 'on' : '';
  return values;
}

export function settingsRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.get('/settings', (_req, res) => redirectTo(res, '/settings/statuses'));

  /** Only the five list slugs reach these handlers; /settings/controllers and /settings/companies have their own routers. */
  const slugOf = (req: Request, next: NextFunction): ListSlug | null => {
    if (isListSlug(req.params.list)) return req.params.list;
    next();
    return null;
  };

  async function renderForm(res: Response, slug: ListSlug, id: number | null, values: Record<string, string>, extra: { status?: number; errors?: Record<string, string> } = {}) {
    const t = res.locals.t as (k: string) => string;
    res.status(extra.status ?? 200).render('settings/item-form', {
      title: `${t(`settings.lists.${slug}`)} · ${t(id ? 'common.edit' : 'common.create')}`,
      slug,
      id,
      values,
      errors: extra.errors ?? {},
      kinds: STATUS_KINDS,
    });
  }

  router.get('/settings/:list', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    const items = await listItems(ds, slug);
    res.render('settings/list', { title: res.locals.t(`settings.lists.${slug}`), slug, items });
  });

  router.get('/settings/:list/new', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    await renderForm(res, slug, null, { active: 'on', position: '0', kind: 'open' });
  });

  router.get('/settings/:list/:id/edit', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    const item = await getItem(ds, slug, idParam(req.params.id));
    await renderForm(res, slug, item.id, itemValues(slug, item as unknown as Record<string, unknown>, res.locals.lang as string));
  });

  router.post('/settings/:list', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    await handleForm(req, res, {
      run: async () => { await saveItem(ds, slug, null, parseItem(slug, req.body)); return 'settings.flash.created'; },
      back: `/settings/${slug}`,
      rerender: (_req, _res, errors) => renderForm(res, slug, null, bodyValues(req), { status: 422, errors }),
      refused: false,
    });
  });

  router.post('/settings/:list/:id', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => { await saveItem(ds, slug, id, parseItem(slug, req.body)); return 'settings.flash.saved'; },
      back: `/settings/${slug}`,
      rerender: (_req, _res, errors) => renderForm(res, slug, id, bodyValues(req), { status: 422, errors }),
      refused: false,
    });
  });

  router.post('/settings/:list/:id/active', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    const { active } = parseForm(activeSchema, req.body);
    await handleForm(req, res, {
      run: async () => {
        await setItemActive(ds, slug, idParam(req.params.id), active === 'true');
        return active === 'true' ? 'settings.flash.activated' : 'settings.flash.deactivated';
      },
      back: `/settings/${slug}`,
      refused: translated,
    });
  });

  router.post('/settings/:list/:id/delete', async (req, res, next) => {
    const slug = slugOf(req, next);
    if (!slug) return;
    await handleForm(req, res, {
      run: async () => { await deleteItem(ds, slug, idParam(req.params.id)); return 'settings.flash.deleted'; },
      back: `/settings/${slug}`,
      refused: translated,
    });
  });

  return router;
}
