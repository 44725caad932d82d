/**
 * The printed HTML as a PDF, through Chromium (playwright-core) when it is installed.
 *
 * One browser per process: starting Chromium took 1–2 s of every PDF. It is launched on the first
 * PDF, reused by the next ones (each in its own context, so concurrent PDFs never share a page),
 * launched again if it died, closed after a minute without a PDF and on shutdown (closePdfBrowser).
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { AppError } from '../shared/errors';
import { logger } from '../shared/logger';

/** A browser left without a PDF this long is closed (its memory is given back); the next PDF starts one. */
const IDLE_CLOSE_MS = 60_000;

/** Where Chromium is, or null: CHROMIUM_PATH, then Debian's and Ubuntu's usual paths. */
export function chromiumExecutable(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

let browser: Promise<Browser> | null = null;
let inUse = 0;
let idleTimer: NodeJS.Timeout | null = null;

function launch(executablePath: string): Promise<Browser> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    chromium = (require('playwright-core') as typeof import('playwright-core')).chromium;
  } catch {
    throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
  }
  const launched = chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-extensions', '--disable-dev-shm-usage'],
    // The server closes it on shutdown (closePdfBrowser); Playwright still kills it if the process exits.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const current = launched.then((b) => {
    // A crashed or killed browser is forgotten: the next PDF launches another.
    b.on('disconnected', () => {
      if (browser === current) browser = null;
    });
    return b;
  });
  current.catch(() => {
    if (browser === current) browser = null;
  });
  return current;
}

function sharedBrowser(executablePath: string): Promise<Browser> {
  const current = browser;
  if (current) {
    return current.then((b) => (b.isConnected() ? b : (browser === current ? (browser = launch(executablePath)) : sharedBrowser(executablePath))));
  }
  browser = launch(executablePath);
  return browser;
}

function armIdleClose(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (inUse === 0) void closePdfBrowser();
  }, IDLE_CLOSE_MS);
  idleTimer.unref();
}

/** Closes the process's browser, if one runs (server shutdown, idle). */
export async function closePdfBrowser(): Promise<void> {
  const current = browser;
  browser = null;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!current) return;
  await current.then((b) => b.close()).catch((err: unknown) => logger.warn('closing the PDF browser failed', { error: err instanceof Error ? err.message : String(err) }));
}

/**
 * Prints the HTML to PDF with the installed Chromium (playwright-core), honouring the page's own
 * @page rules (A4, margins, page numbers). Where Chromium or playwright-core is missing, a clear
 * 503 says so; the HTML print (browser's "Imprimer / Enregistrer en PDF") still works.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new AppError('invalid_state', 'printing.errors.pdfUnavailable', 503);
  inUse++;
  try {
    const context = await (await sharedBrowser(executablePath)).newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // Laid out for print from the start: Chromium then does not lay the whole document out for
      // the screen first (its @media screen rules, a 210 mm sheet with a shadow per dossier) before
      // laying it out again in pages. The PDF is the same.
      await page.emulateMedia({ media: 'print' });
      // 'load', not 'domcontentloaded': the HTML is self-contained, so it costs nothing, and a letter's
      // images (the payment QR code, a data: URI) are decoded before the page is printed.
      await page.setContent(html, { waitUntil: 'load' });
      return Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    } finally {
      await context.close().catch(() => undefined);
    }
  } finally {
    inUse--;
    armIdleClose();
  }
}
