/**
 * Templates: kept in the database, seeded from the shipped files, edited by administrators (a
 * template that does not compile is never saved; every change goes to the settings audit).
 */
import type { DataSource } from 'typeorm';
import { AppError } from '../shared/errors';
import { recordSettingChange } from '../audit';
import { DocumentTemplate } from './document.entity';
import { checkTemplate, type TemplateError } from './template-engine';
import { shippedTemplate, shippedTemplates } from './shipped-templates';
import type { Db } from '../db/sql';

/** Inserts every shipped template that is missing (never overwrites an administrator's edit). */
export async function ensureShippedTemplates(db: Db, now: Date = new Date()): Promise<number> {
  const repo = db.getRepository(DocumentTemplate);
  const existing = new Set((await repo.find({ select: { code: true } })).map((t) => t.code));
  let inserted = 0;
  for (const t of shippedTemplates()) {
    if (existing.has(t.code)) continue;
    // Several instances may seed at once: insert-or-ignore on the unique code.
    await repo.createQueryBuilder().insert().values({ ...t, updatedAt: now.toISOString(), updatedBy: null, version: 1 }).orIgnore().execute();
    inserted++;
  }
  return inserted;
}

export async function listTemplates(db: Db): Promise<DocumentTemplate[]> {
  await ensureShippedTemplates(db);
  return db.getRepository(DocumentTemplate).find({ order: { kind: 'ASC', code: 'ASC' } });
}

/** The stored template, seeded from the shipped file the first time; null when the code is unknown. */
export async function findTemplate(db: Db, code: string): Promise<DocumentTemplate | null> {
  const repo = db.getRepository(DocumentTemplate);
  const found = await repo.findOneBy({ code });
  if (found || !shippedTemplate(code)) return found;
  await ensureShippedTemplates(db);
  return repo.findOneBy({ code });
}

export interface TemplateInput {
  name: string;
  subject: string | null;
  body: string;
  textBody: string | null;
}

/** Syntax errors per field: a template that does not compile is never saved. */
export function templateSyntaxErrors(input: Pick<TemplateInput, 'subject' | 'body' | 'textBody'>): Record<string, TemplateError> {
  const errors: Record<string, TemplateError> = {};
  for (const field of ['subject', 'body', 'textBody'] as const) {
    const source = input[field];
    if (!source) continue;
    const error = checkTemplate(source);
    if (error) errors[field] = error;
  }
  return errors;
}

/** Saves an administrator's edit; `version` is the one the form was read at (a stale one is a conflict). */
export async function saveTemplate(ds: DataSource, code: string, input: TemplateInput, version: number, userId: number | null, now: Date = new Date()): Promise<DocumentTemplate> {
  const current = await findTemplate(ds, code);
  if (!current) throw AppError.notFound();
  const errors = templateSyntaxErrors(input);
  const first = Object.entries(errors)[0];
  if (first) throw AppError.field(first[0], 'documents.errors.syntax', { line: first[1].line ?? '?', message: first[1].message });
  return ds.transaction(async (m) => {
    const result = await m.getRepository(DocumentTemplate).update(
      { id: current.id, version },
      {
        name: input.name,
        subject: current.kind === 'email' ? input.subject : null,
        body: input.body,
        textBody: current.kind === 'email' ? input.textBody : null,
        updatedAt: now.toISOString(),
        updatedBy: userId,
        version: version + 1,
      },
    );
    if ((result.affected ?? 0) !== 1) throw new AppError('conflict', 'documents.errors.conflict');
    const after = await m.getRepository(DocumentTemplate).findOneByOrFail({ id: current.id });
    await recordSettingChange(m, null, { area: 'templates', entityId: code, before: templateAudit(current), after: templateAudit(after) });
    return after;
  });
}

/** What the settings audit keeps of a template. */
function templateAudit(t: DocumentTemplate): Record<string, unknown> {
  return { name: t.name, subject: t.subject, body: t.body, textBody: t.textBody };
}

/** Puts the shipped version back. */
export async function resetTemplate(ds: DataSource, code: string, userId: number | null, now: Date = new Date()): Promise<DocumentTemplate> {
  const shipped = shippedTemplate(code);
  const current = await findTemplate(ds, code);
  if (!shipped || !current) throw AppError.notFound();
  return ds.transaction(async (m) => {
    await m.getRepository(DocumentTemplate).update(
      { id: current.id },
      { name: shipped.name, subject: shipped.subject, body: shipped.body, textBody: shipped.textBody, updatedAt: now.toISOString(), updatedBy: userId, version: current.version + 1 },
    );
    const after = await m.getRepository(DocumentTemplate).findOneByOrFail({ id: current.id });
    await recordSettingChange(m, null, { area: 'templates', entityId: code, before: templateAudit(current), after: templateAudit(after) });
    return after;
  });
}

