/**
 * BODACC notices (Bulletin officiel des annonces civiles et commerciales), as the DILA publishes
 * them in open data (dataset "annonces-commerciales": JSON or JSON-lines exports, the API's
 * `{ results: [...] }` answer, or the CSV export with `;`). Pure: no clock, no database.
 *
 * The rules, in order:
 *  1. A notice is identified by its `id` (e.g. "A202400912345"); a file may repeat one: kept once.
 *  2. Its SIRENs are read from `registre` (a list, or a comma-separated string, with or without
 *     spaces): 9 digits each.
 *  3. Only the family "collective" (Procédures collectives) can propose a status change, and only
 *     an initial notice or a correction (`typeavis` annonce / rectificatif); a cancellation
 *     (annulation) never does.
 *  4. The procedure is read from the judgment (`jugement`, a JSON string in the export): its nature
 *     names sauvegarde, redressement judiciaire or liquidation judiciaire. An opening judgment
 *     (famille "Jugement d'ouverture") proposes the status with the declaration deadline computed
 *     from the publication date (R622-24, L631-14, L641-3: src/collective-procedures). A judgment
 *     converting to liquidation ("prononçant la liquidation") proposes Liquidation judiciaire;
 *     the claims declared in the first procedure need not be declared again (L641-3), which the
 *     proposal says. Any other collective notice (plan, closure, state of claims) is information.
 *  5. A notice that lacks its publication date or its judgment date is still proposed, marked
 *     incomplete: such a notice may not start the declaration deadline (Cass. com. 2 July 2025,
 *     no. 24-11.217), so the controller checks it before relying on the computed date.
 */
import { isBusinessDate, type BusinessDate } from '../shared/business-date';
import { claimsDeclarationDeadline, type DeclarationDelays } from '../collective-procedures';

export type BodaccProcedure = 'sauvegarde' | 'redressement' | 'liquidation';

export interface BodaccJudgment {
  family: string | null;
  nature: string | null;
  date: BusinessDate | null;
  complement: string | null;
}

export interface BodaccNotice {
  noticeId: string;
  publicationDate: BusinessDate | null;
  family: string | null;
  familyLabel: string | null;
  noticeType: string | null;
  sirens: string[];
  debtorName: string | null;
  court: string | null;
  judgment: BodaccJudgment | null;
}

export interface ParsedBodaccFile {
  notices: BodaccNotice[];
  /** Records that could not be read, with their position (1-based) and why. */
  problems: { record: number; message: string }[];
}

export type NoticeEffect =
  | { kind: 'proposal'; procedure: BodaccProcedure; opening: boolean; judgmentDate: BusinessDate | null; publicationDate: BusinessDate | null; deadline: BusinessDate | null; incomplete: boolean }
  | { kind: 'information'; reason: 'not-collective' | 'cancellation' | 'other-judgment' };

const FRENCH_MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** A date of the export: ISO (`2024-05-07`, or with a time), `07/05/2024`, or French words (`7 mai 2024`, `1er mai 2024`). */
export function parseNoticeDate(value: unknown): BusinessDate | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (m) return isBusinessDate(`${m[1]}-${m[2]}-${m[3]}`) ? `${m[1]}-${m[2]}-${m[3]}` : null;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) {
    const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    return isBusinessDate(iso) ? iso : null;
  }
  m = /^(\d{1,2})(?:er)?\s+([a-zéèûô]+)\s+(\d{4})$/i.exec(text);
  if (m) {
    const month = FRENCH_MONTHS.indexOf(fold(m[2]));
    if (month < 0) return null;
    const iso = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    return isBusinessDate(iso) ? iso : null;
  }
  return null;
}

/** The 9-digit SIRENs of `registre` (a SIRET's first 9 digits count too), without duplicates. */
export function noticeSirens(registre: unknown): string[] {
  const parts = Array.isArray(registre) ? registre : typeof registre === 'string' ? registre.split(/[,;]/) : [];
  const out = new Set<string>();
  for (const p of parts) {
    if (typeof p !== 'string' && typeof p !== 'number') continue;
    const digits = String(p).replace(/\D/g, '');
    if (digits.length === 9 || digits.length === 14) out.add(digits.slice(0, 9));
  }
  return [...out];
}

/** Digits of a SIREN as typed on a customer record, or null when it is not 9 digits. */
export function normalizeSiren(value: string | null | undefined): string | null {
  const digits = (value ?? '').replace(/\D/g, '');
  return digits.length === 9 ? digits : null;
}

function str(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

function parseJudgment(value: unknown): BodaccJudgment | null {
  let raw: unknown = value;
  if (typeof value === 'string') {
    if (!value.trim()) return null;
    try {
      raw = JSON.parse(value);
    } catch {
      return { family: null, nature: value.trim(), date: null, complement: null };
    }
  }
  if (!raw || typeof raw !== 'object') return null;
  const j = raw as Record<string, unknown>;
  return { family: str(j.famille), nature: str(j.nature), date: parseNoticeDate(j.date), complement: str(j.complementJugement) };
}

/** One record of the export, or why it cannot be read. */
export function noticeFromRecord(record: Record<string, unknown>): BodaccNotice | string {
  const fields = (record.fields && typeof record.fields === 'object' ? record.fields : record) as Record<string, unknown>;
  const noticeId = str(fields.id) ?? str(record.recordid) ?? str(record.id);
  if (!noticeId) return 'no notice id (field "id")';
  if (noticeId.length > 40) return `notice id too long: ${noticeId.slice(0, 40)}…`;
  return {
    noticeId,
    publicationDate: parseNoticeDate(fields.dateparution),
    family: str(fields.familleavis),
    familyLabel: str(fields.familleavis_lib),
    noticeType: str(fields.typeavis),
    sirens: noticeSirens(fields.registre),
    debtorName: str(fields.commercant),
    court: str(fields.tribunal),
    judgment: parseJudgment(fields.jugement),
  };
}

/** Splits one CSV line of the export (`;`, double quotes doubled inside quoted fields). */
function csvCells(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** Records of a CSV export; quoted fields may hold line breaks. */
function csvRecords(text: string): Record<string, unknown>[] {
  const lines: string[] = [];
  let current = '';
  for (const line of text.split(/\r?\n/)) {
    current = current ? `${current}\n${line}` : line;
    if ((current.match(/"/g)?.length ?? 0) % 2 === 0) {
      if (current.trim()) lines.push(current);
      current = '';
    }
  }
  if (lines.length === 0) return [];
  const separator = lines[0].includes(';') ? ';' : ',';
  const header = csvCells(lines[0], separator).map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = csvCells(line, separator);
    return Object.fromEntries(header.map((h, k) => [h, cells[k] ?? '']));
  });
}

/** Reads a file of the export (JSON array, `{ results }`, JSON lines, or CSV). */
export function parseBodaccFile(text: string): ParsedBodaccFile {
  const body = text.replace(/^\uFEFF/, '').trim();
  let records: unknown[];
  const problems: ParsedBodaccFile['problems'] = [];
  if (body.startsWith('[') || body.startsWith('{')) {
    try {
      const parsed = JSON.parse(body) as unknown;
      records = Array.isArray(parsed) ? parsed : Array.isArray((parsed as { results?: unknown }).results) ? (parsed as { results: unknown[] }).results : Array.isArray((parsed as { records?: unknown }).records) ? (parsed as { records: unknown[] }).records : [parsed];
    } catch {
      // JSON lines: one record per line.
      records = [];
      body.split(/\r?\n/).forEach((line, k) => {
        if (!line.trim()) return;
        try {
          records.push(JSON.parse(line));
        } catch {
          problems.push({ record: k + 1, message: 'not a JSON record' });
        }
      });
    }
  } else {
    records = csvRecords(body);
  }
  const seen = new Set<string>();
  const notices: BodaccNotice[] = [];
  records.forEach((r, k) => {
    if (!r || typeof r !== 'object') return problems.push({ record: k + 1, message: 'not a record' });
    const notice = noticeFromRecord(r as Record<string, unknown>);
    if (typeof notice === 'string') return problems.push({ record: k + 1, message: notice });
    if (seen.has(notice.noticeId)) return;
    seen.add(notice.noticeId);
    notices.push(notice);
  });
  return { notices, problems };
}

/** The procedure a judgment's nature names, if any. */
export function procedureOfJudgment(nature: string | null): BodaccProcedure | null {
  const text = fold(nature ?? '');
  if (text.includes('liquidation judiciaire')) return 'liquidation';
  if (text.includes('redressement judiciaire')) return 'redressement';
  if (text.includes('sauvegarde')) return 'sauvegarde';
  return null;
}

/** What a notice means for the creditor (rules 3 to 5 of the header). */
export function noticeEffect(notice: BodaccNotice, options: { outsideMetropolitanFrance?: boolean; delays: DeclarationDelays }): NoticeEffect {
  if (fold(notice.family ?? '') !== 'collective' && !fold(notice.familyLabel ?? '').includes('procedures collectives')) return { kind: 'information', reason: 'not-collective' };
  if (fold(notice.noticeType ?? '').includes('annulation')) return { kind: 'information', reason: 'cancellation' };
  const judgment = notice.judgment;
  const procedure = procedureOfJudgment(judgment?.nature ?? null);
  const family = fold(judgment?.family ?? '');
  const nature = fold(judgment?.nature ?? '');
  const opening = family.includes("jugement d'ouverture") || nature.startsWith("jugement d'ouverture");
  const conversion = procedure === 'liquidation' && (family.includes('prononcant') || nature.includes('prononcant la liquidation') || nature.includes('conversion'));
  if (!procedure || (!opening && !conversion) || /plan|cloture|arretant/.test(nature)) return { kind: 'information', reason: 'other-judgment' };
  const publicationDate = notice.publicationDate;
  return {
    kind: 'proposal',
    procedure,
    opening,
    judgmentDate: judgment?.date ?? null,
    publicationDate,
    deadline: opening && publicationDate ? claimsDeclarationDeadline(publicationDate, options.outsideMetropolitanFrance ?? false, options.delays) : null,
    incomplete: !publicationDate || !judgment?.date,
  };
}
