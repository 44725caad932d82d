/**
 * The dossier workspace's page, for the routers of its tabs (dossiers, interventions, contacts,
 * status changes, messages…): render it with one tab open, and a tab's form errors and values.
 * The page model itself (dossiers/dossier.page.ts reads from many components) is handed in by the
 * composition root through the ModuleContext, so that no component's index has to load it.
 */
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { ModuleContext } from './context';

export type DossierTab = 'entries' | 'interventions' | 'contacts' | 'chrono';
export const DOSSIER_TABS: DossierTab[] = ['entries', 'interventions', 'contacts', 'chrono'];

/** Builds the dossier page's model (dossiers/dossier.page.ts's dossierPage). */
export type DossierPageModel = (db: DataSource, id: number, tab: DossierTab, today: string, query?: Record<string, unknown>) => Promise<{ dossier: { number: string | number } } & object>;

export function tabOf(value: unknown): DossierTab {
  return DOSSIER_TABS.includes(value as DossierTab) ? (value as DossierTab) : 'entries';
}

/** The dossier page's model with one tab, for a page that renders it with more (the dossier's account). */
export async function dossierPageModel(ctx: ModuleContext, id: number, tab: DossierTab, query?: Record<string, unknown>): ReturnType<DossierPageModel> {
  if (!ctx.dossierPage) throw new Error('ModuleContext.dossierPage is not wired (see app.ts)');
  return ctx.dossierPage(ctx.dataSource, id, tab, ctx.today(), query);
}

/** The dossier page with one tab; tab forms that fail validation re-render it with their errors and values. */
export async function renderDossierPage(
  ctx: ModuleContext,
  res: Response,
  id: number,
  tab: DossierTab,
  extra: { status?: number; errors?: Record<string, string>; values?: Record<string, unknown>; form?: string; query?: Record<string, unknown> } = {},
): Promise<void> {
  const page = await dossierPageModel(ctx, id, tab, extra.query);
  res.status(extra.status ?? 200).render('dossiers/show', {
    title: `${res.locals.t('dossiers.dossier')} ${page.dossier.number}`,
    ...page,
    errors: extra.errors ?? {},
    values: extra.values ?? {},
    openForm: extra.form ?? null,
  });
}
