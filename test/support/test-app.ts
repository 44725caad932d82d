/**
 * The module mounted in a host application, as an ERP would, over a real test database.
 * Tests sign in through the real login form and send the real CSRF token.
 */
import express, { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createRecoveryModule } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createUser } from '../../src/auth/auth.service';
import type { Role } from '../../src/auth/user.entity';
import { createTestDatabase, TestDatabase } from './test-db';

export const TEST_TODAY = '2026-11-22';
export const TEST_PASSWORD = 'Correct-horse-42';

export interface TestApp {
  app: Express;
  /** The module app itself (what createRecoveryModule returned), e.g. to list its routes. */
  module: Express;
  db: TestDatabase;
  basePath: string;
  /** Lets a test move the business date. */
  setToday(date: string): void;
  close(): Promise<void>;
}

export async function createTestApp(options: { basePath?: string; today?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const basePath = options.basePath ?? '';
  let today = options.today ?? TEST_TODAY;
  // Most tests sign in a controller who is not the one assigned to their dossiers: they run with
  // CONTROLLERS_EDIT_ALL=true; role-matrix.test.ts checks the default (own dossiers only) explicitly.
  const config = loadConfig({ ...process.env, SESSION_SECRET: 'test-session-secret-0123456789', CONTROLLERS_EDIT_ALL: 'true', ...options.env });
  const module = await createRecoveryModule({
    dataSource: db.dataSource,
    basePath,
    config,
    clock: { today: () => today, now: () => new Date(`${today}T09:00:00Z`) },
  });
  const host = express();
  if (basePath) host.use(basePath, module);
  else host.use(module);
  return {
    app: host,
    module,
    db,
    basePath,
    setToday: (date) => {
      today = date;
    },
    close: () => db.drop(),
  };
}

export interface SignedInAgent {
  agent: TestAgent;
  /** The CSRF token of the agent's session (read from a rendered form). */
  csrf: string;
  userId: number;
  /** GET a page and refresh the CSRF token from it. */
  refreshCsrf(path?: string): Promise<string>;
}

export function extractCsrf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

export async function signIn(t: TestApp, username = 'controller1', role: Role = 'admin', opts: { create?: boolean } = {}): Promise<SignedInAgent> {
  let userId = 0;
  if (opts.create !== false) {
    const user = await createUser(t.db.dataSource, { username, displayName: `User ${username}`, password: TEST_PASSWORD, role });
    userId = user.id;
  }
  const agent = request.agent(t.app);
  const loginPage = await agent.get(`${t.basePath}/login`).expect(200);
  const res = await agent
    .post(`${t.basePath}/login`)
    .type('form')
    .send({ username, password: TEST_PASSWORD, _csrf: extractCsrf(loginPage.text) });
  if (res.status !== 303) throw new Error(`login failed with ${res.status}`);
  const signed: SignedInAgent = {
    agent,
    csrf: '',
    userId,
    async refreshCsrf(path = '/dossiers') {
      const page = await agent.get(`${t.basePath}${path}`);
      signed.csrf = extractCsrf(page.text);
      return signed.csrf;
    },
  };
  await signed.refreshCsrf();
  return signed;
}
