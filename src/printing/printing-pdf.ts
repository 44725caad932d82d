/** The printed HTML as a PDF, through Chromium (playwright-core) when it is installed. */
import fs from 'node:fs';
import { AppError } from '../shared/errors';

/** Where Chromium is, or null: CHROMIUM_PATH, then Debian's and Ubuntu's usual paths. */
export function chromiumExecutable(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Prints the HTML to PDF with the installed Chromium (playwright-core), honouring the page's own
 * @page rules (A4, margins, page numbers). Where Chromium or playwright-core is missing, a clear
 * 503 says so; the HTML print (browser's "Imprimer / Enregistrer en PDF") still works.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
  let chromium: typeof import('playwright-core').chromium;
  try {
    chromium = (require('playwright-core') as typeof import('playwright-core')).chromium;
  } catch {
    throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
  }
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    // The printed HTML is self-contained (inline styles, no scripts, no remote assets): nothing to wait for.
    await page.setContent(html, { waitUntil: 'load' });
    return Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  } finally {
    await browser.close();
  }
}
