/**
 * Browser tests: the real module on a real database, served on a random local port, driven by
 * playwright-core in Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { chromium, Browser, Page } from 'playwright-core';
import { createTestApp, TestApp, TEST_PASSWORD } from '../../support/test-app';
import { createUser } from '../../../src/auth/auth.service';
import type { Role } from '../../../src/auth/user.entity';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../test-results/screenshots');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('Chromium not found: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).');
  return found;
}

export interface BrowserSession {
  t: TestApp;
  browser: Browser;
  page: Page;
  baseUrl: string;
  screenshot(name: string): Promise<string>;
  login(username: string, role?: Role): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserSession(options: { basePath?: string; today?: string } = {}): Promise<BrowserSession> {
  const t = await createTestApp(options);
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}${t.basePath}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    t,
    browser,
    page,
    baseUrl,
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async login(username, role = 'admin') {
      await createUser(t.db.dataSource, { username, displayName: username, password: TEST_PASSWORD, role });
      await page.goto(`${baseUrl}/login`);
      await page.fill('#username', username);
      await page.fill('#password', TEST_PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('button[type=submit]')]);
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
