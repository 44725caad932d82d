/**
 * What the template editor shows beside the form: a preview of the template on a chosen dossier (the
 * most recent one by default) with the variables its context offers, the excerpt around a syntax
 * error, and the recent dossiers to choose from. Reads only.
 */
import type { DataSource } from 'typeorm';
import { parseBusinessDate } from '../shared/business-date';
import { Dossier } from '../dossiers';
import { ThirdParty } from '../third-parties';
import type { DocumentTemplate } from './document.entity';
import { letterSection, printDocument } from './letter-print.service';
import { renderEmailParts } from './document-render.service';
import { buildClaimsDeclarationContext, buildDossierContext } from './document-context.service';
import { CLAIMS_DECLARATION_CODE, GROUPED_TEMPLATE_CODES } from './shipped-templates';
import { buildGroupedDocumentContext } from './grouped-document.service';
import { renderTemplate, type TemplateError } from './template-engine';

/** The text of lines around an error's line, so the editor shows where it is. */
export function excerpt(source: string, line: number | null): { number: number; text: string; current: boolean }[] {
  if (!line) return [];
  const lines = source.split(/\r?\n/);
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  const out = [];
  for (let n = from; n <= to; n++) out.push({ number: n, text: lines[n - 1] ?? '', current: n === line });
  return out;
}

/** `{{path}}` → sample value, from a real context, so administrators see what they can print. */
function variablesOf(value: unknown, prefix = '', out: { path: string; sample: string; list: boolean }[] = [], depth = 0): { path: string; sample: string; list: boolean }[] {
  if (depth > 4 || out.length > 400) return out;
  if (Array.isArray(value)) {
    out.push({ path: prefix, sample: `${value.length} élément(s)`, list: true });
    if (value.length && typeof value[0] === 'object' && value[0] !== null) variablesOf(value[0], `${prefix}[].`, out, depth + 1);
    else if (value.length) out.push({ path: `${prefix}[].this`, sample: String(value[0]), list: false });
    return out;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) variablesOf(v, prefix ? (prefix.endsWith('.') ? `${prefix}${k}` : `${prefix}.${k}`) : k, out, depth + 1);
    return out;
  }
  out.push({ path: prefix, sample: value === null || value === undefined ? '' : String(value).slice(0, 60), list: false });
  return out;
}

interface Preview {
  dossier: Dossier | null;
  customerName: string;
  asOf: string;
  error: (TemplateError & { part?: string; excerpt: ReturnType<typeof excerpt> }) | null;
  /** A whole print page (letters) or the HTML part (e-mails), shown in a sandboxed frame. */
  html: string | null;
  subject: string | null;
  text: string | null;
  variables: ReturnType<typeof variablesOf>;
}

async function chooseDossier(ds: DataSource, numberText: string): Promise<Dossier | null> {
  const repo = ds.getRepository(Dossier);
  if (/^\d{1,9}$/.test(numberText)) return repo.findOne({ where: { number: Number(numberText) }, order: { id: 'ASC' } });
  return repo.findOne({ where: {}, order: { id: 'DESC' } });
}

/**
 * A grouped letter's preview: the chosen dossier with the customer's other open dossiers (a few),
 * the chosen one as the most advanced (a mise en demeure, the tone with the most to read).
 */
async function groupedPreviewContext(ds: DataSource, dossier: Dossier, asOf: string) {
  const others = await ds
    .getRepository(Dossier)
    .createQueryBuilder('d')
    .innerJoin('dossier_status', 's', 's.id = d.statusId')
    .where('d.thirdPartyId = :tp AND d.id <> :id AND s.kind <> :closed', { tp: dossier.thirdPartyId, id: dossier.id, closed: 'closed' })
    .orderBy('d.id', 'ASC')
    .limit(4)
    .getMany();
  const parts = [dossier, ...others].map((d, i) => ({ dossierId: d.id, interventionId: 0, level: (i === 0 ? 3 : 1) as 1 | 3, stepLabel: '', templateCode: i === 0 ? 'mise-en-demeure' : 'relance-simple' }));
  return buildGroupedDocumentContext(ds, asOf, parts);
}

export async function buildPreview(ds: DataSource, today: string, template: Pick<DocumentTemplate, 'code' | 'kind' | 'subject' | 'body' | 'textBody'>, dossierNumber: string, asOfText: string): Promise<Preview> {
  const asOf = parseBusinessDate(asOfText) ?? today;
  const dossier = await chooseDossier(ds, dossierNumber);
  const preview: Preview = { dossier, customerName: '', asOf, error: null, html: null, subject: null, text: null, variables: [] };
  if (!dossier) return preview;
  preview.customerName = (await ds.getRepository(ThirdParty).findOneBy({ id: dossier.thirdPartyId }))?.name ?? '';
  const context = template.code === CLAIMS_DECLARATION_CODE
    ? await buildClaimsDeclarationContext(ds, dossier.id, asOf)
    : GROUPED_TEMPLATE_CODES.includes(template.code)
      ? await groupedPreviewContext(ds, dossier, asOf)
      : await buildDossierContext(ds, dossier.id, asOf);
  preview.variables = variablesOf(context);
  if (template.kind === 'email') {
    const parts = renderEmailParts(template, context);
    if (parts.ok) Object.assign(preview, { subject: parts.email.subject, text: parts.email.text, html: parts.email.html });
    else {
      const source = parts.error.part === 'subject' ? template.subject ?? '' : parts.error.part === 'textBody' ? template.textBody ?? '' : template.body;
      preview.error = { ...parts.error, excerpt: excerpt(source, parts.error.line) };
    }
    return preview;
  }
  const result = renderTemplate(template.body, context, 'html');
  if (!result.ok) preview.error = { ...result.error, part: 'body', excerpt: excerpt(template.body, result.error.line) };
  const section = letterSection({ templateCode: template.code, dossierNumber: dossier.number, creditor: context.creditor, ...(result.ok ? { html: result.html } : { error: result.error }) });
  preview.html = printDocument(template.code, [section]);
  return preview;
}

/** The last 50 dossiers, to pick the preview's from. */
export function recentDossiers(ds: DataSource): Promise<{ number: number; name: string }[]> {
  return ds
    .getRepository(Dossier)
    .createQueryBuilder('d')
    .innerJoin(ThirdParty, 'tp', 'tp.id = d.thirdPartyId')
    .select(['d.number AS number', 'tp.name AS name'])
    .orderBy('d.id', 'DESC')
    .limit(50)
    .getRawMany<{ number: number; name: string }>();
}
