/** The templates shipped in views/documents/*.hbs: seeded into document_template when missing. */
import fs from 'node:fs';
import { fromRoot } from '../shared/paths';
import type { DocumentKind } from './document.entity';

export interface ShippedTemplate {
  code: string;
  kind: DocumentKind;
  name: string;
  body: string;
  subject: string | null;
  textBody: string | null;
}

const LETTERS: [code: string, name: string][] = [
  ['relance-simple', 'Relance niveau 1 (courtoise)'],
  ['relance-ferme', 'Relance niveau 2 (ferme)'],
  ['mise-en-demeure', 'Relance niveau 3 — mise en demeure avec pénalités'],
  ['releve-compte', 'Relevé de compte'],
  ['declaration-creances', 'Déclaration de créances'],
  ['requete-injonction-payer', 'Requête en injonction de payer (Cerfa 12946)'],
];
const EMAILS: [code: string, name: string][] = [['relance-amiable', 'E-mail de relance amiable']];

/**
 * The grouped letter and e-mail (one communication per customer): rendered with a grouped context
 * (src/documents/grouped-context.rules.ts), never named by a scenario step.
 */
const GROUPED_LETTERS: [code: string, name: string][] = [['courrier-groupe', 'Courrier groupé (tous les dossiers du client)']];
const GROUPED_EMAILS: [code: string, name: string][] = [['e-mail-groupe', 'E-mail groupé (tous les dossiers du client)']];

/** Codes every installation has; a scenario step may name any of them. */
export const SHIPPED_TEMPLATE_CODES = [...LETTERS, ...EMAILS].map(([code]) => code);
export const GROUPED_TEMPLATE_CODES = [...GROUPED_LETTERS, ...GROUPED_EMAILS].map(([code]) => code);

/** The déclaration de créances is rendered with the claim at a judgment date, not by the daily job. */
export const CLAIMS_DECLARATION_CODE = 'declaration-creances';

function read(file: string): string {
  return fs.readFileSync(fromRoot('views', 'documents', file), 'utf8');
}

/**
 * The letter and print layouts, read once per process: every letter of the daily run goes through
 * the letter layout, and a read per letter cost more than rendering it. They are shipped code, not
 * templates an administrator edits (a change to them takes a restart, like any other code).
 */
const layouts = new Map<string, string>();

export function readLayout(name: 'print' | 'letter'): string {
  let layout = layouts.get(name);
  if (layout === undefined) {
    layout = read(`layout/${name}.hbs`);
    layouts.set(name, layout);
  }
  return layout;
}

export function shippedTemplates(): ShippedTemplate[] {
  return [
    ...[...LETTERS, ...GROUPED_LETTERS].map(([code, name]) => ({ code, kind: 'letter' as const, name, body: read(`${code}.hbs`), subject: null, textBody: null })),
    ...[...EMAILS, ...GROUPED_EMAILS].map(([code, name]) => ({
      code, kind: 'email' as const, name, body: read(`${code}.html.hbs`), subject: read(`${code}.subject.hbs`).trim(), textBody: read(`${code}.text.hbs`),
    })),
  ];
}

export function shippedTemplate(code: string): ShippedTemplate | undefined {
  return shippedTemplates().find((t) => t.code === code);
}
