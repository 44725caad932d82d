/** A company's first day: what a FEC's name says about its company, and the fiscal year. Pure. */

/**
 * LPF art. A47 A-1 names the file `<SIREN>FEC<year-end YYYYMMDD>` (e.g. 919068007FEC20251231.txt).
 * Returns the SIREN and the fiscal year's end, or null when the name does not follow the rule.
 */
export function companyFromFecFileName(fileName: string): { siren: string; yearEnd: string } | null {
  const m = /^(\d{9})FEC(\d{4})(\d{2})(\d{2})/i.exec(fileName.replace(/^.*[\\/]/, ''));
  if (!m) return null;
  const [, siren, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { siren, yearEnd: `${y}-${mo}-${d}` };
}

/** The day after a year-end, as `MM-DD`: 2025-12-31 → 01-01, 2026-06-30 → 07-01. */
export function fiscalYearStartAfter(yearEnd: string): string {
  const [y, m, d] = yearEnd.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`;
}

/** `dd/mm` (or `d/m`, `dd-mm`) typed in the form → `MM-DD`, or null. */
export function parseFiscalYearStart(text: string): string | null {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*$/.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return null;
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `MM-DD` → `dd/mm` for the form. */
export function fiscalYearStartInput(value: string | null): string {
  if (!value) return '';
  const [mm, dd] = value.split('-');
  return `${dd}/${mm}`;
}

/** A company code (unique, A–Z0–9, at most 20) from its name: "Atlas Équipements" → ATLASEQUIPEMENTS. */
export function companyCodeFrom(name: string): string {
  const code = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 20);
  return code || 'SOCIETE';
}
