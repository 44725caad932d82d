/**
 * The debtor page's pure rules: the signed link (HMAC-SHA256 over the link's id and expiry) and the
 * EPC QR payload of a SEPA credit transfer (EPC069-12) with an ISO 11649 creditor reference.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BusinessDate } from '../shared/business-date';
import type { Cents } from '../shared/money';

/** `<id>.<YYYYMMDD>.<signature>`: what the letters and e-mails carry after /espace/. */
export function signLink(secret: string, linkId: number, expiresOn: BusinessDate): string {
  const body = `${linkId}.${expiresOn.replace(/-/g, '')}`;
  return `${body}.${createHmac('sha256', secret).update(`debtor-link:${body}`).digest('base64url').slice(0, 32)}`;
}

export type LinkCheck = { ok: true; linkId: number; expiresOn: BusinessDate } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Checks a token's shape, signature (constant time) and expiry at `today`; the caller then checks the row (revoked?). */
export function verifyLink(secret: string, token: string, today: BusinessDate): LinkCheck {
  const m = /^(\d{1,9})\.(\d{8})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signLink(secret, Number(m[1]), `${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6)}`));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' };
  const expiresOn = `${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6)}`;
  if (expiresOn < today) return { ok: false, reason: 'expired' };
  return { ok: true, linkId: Number(m[1]), expiresOn };
}

/** ISO 11649 structured creditor reference (RFxx + up to 21 alphanumerics) for a dossier's reference. */
export function creditorReference(reference: string): string {
  const body = reference.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 21) || '0';
  const digits = `${body}RF00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let mod = 0;
  for (const ch of digits) mod = (mod * 10 + Number(ch)) % 97;
  return `RF${String(98 - mod).padStart(2, '0')}${body}`;
}

/** Whether an ISO 11649 reference's check digits hold. */
export function isValidCreditorReference(ref: string): boolean {
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  const digits = `${ref.slice(4)}${ref.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let mod = 0;
  for (const ch of digits) mod = (mod * 10 + Number(ch)) % 97;
  return mod === 1;
}

export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/** IBAN check (ISO 13616: mod 97 = 1). */
export function isValidIban(iban: string): boolean {
  const v = normalizeIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v)) return false;
  const digits = `${v.slice(4)}${v.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let mod = 0;
  for (const ch of digits) mod = (mod * 10 + Number(ch)) % 97;
  return mod === 1;
}

export function isValidBic(bic: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.trim().toUpperCase());
}

export interface TransferInput {
  bic: string | null;
  name: string;
  iban: string;
  amount: Cents;
  reference: string;
}

/**
 * The EPC069-12 payload (version 002, UTF-8, SCT): BCD / 002 / 1 / SCT / BIC / name / IBAN /
 * EUR<amount> / purpose (empty) / structured reference (RF…) — lines joined by LF, no trailing
 * unstructured text (one of the two only). The amount is left out when nothing is owed.
 */
export function epcPayload(t: TransferInput): string {
  const amount = t.amount > 0 && t.amount <= 99999999999 ? `EUR${Math.floor(t.amount / 100)}.${String(t.amount % 100).padStart(2, '0')}` : '';
  return ['BCD', '002', '1', 'SCT', (t.bic ?? '').trim().toUpperCase(), t.name.slice(0, 70), normalizeIban(t.iban), amount, '', t.reference].join('\n');
}
