/**
 * API keys: created by an administrator (the secret is returned once and never stored), listed,
 * revoked; and the look-up the API does on every call.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError } from '../shared/errors';
import { ApiKey, ApiScope } from './api-key.entity';
import { recordSettingChange } from '../audit';

/** Keys read `rcv_<prefix>_<secret>`: the prefix (8 hex) identifies the key in lists and logs. */
const KEY_FORMAT = /^rcv_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function hashSecret(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): { key: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { key: `rcv_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function scopesOf(key: Pick<ApiKey, 'scopes'>): ApiScope[] {
  return key.scopes.split(',').filter((s): s is ApiScope => s === 'read' || s === 'write');
}

export interface NewApiKey {
  companyId: number;
  name: string;
  /** 'write' implies 'read'. */
  access: 'read' | 'write';
}

/** Creates a key; the returned `key` is the only time the secret exists in clear. */
export async function createApiKey(ds: DataSource, input: NewApiKey, userId: number | null, at: string): Promise<{ apiKey: ApiKey; key: string }> {
  const { key, prefix } = generateKey();
  return ds.transaction(async (m) => {
    const repo = m.getRepository(ApiKey);
    const apiKey = await repo.save(
      repo.create({
        companyId: input.companyId, name: input.name, prefix, secretHash: hashSecret(key), scopes: input.access === 'write' ? 'read,write' : 'read',
        createdAt: at, createdBy: userId, lastUsedAt: null, revokedAt: null, revokedBy: null,
      }),
    );
    await recordSettingChange(m, null, { area: 'api-keys', entityId: apiKey.id, before: null, after: apiKeyAudit(apiKey) });
    return { apiKey, key };
  });
}

/** Active keys first, newest first (sorted here: the databases disagree on where NULLs sort). */
export async function listApiKeys(ds: DataSource): Promise<ApiKey[]> {
  const keys = await ds.getRepository(ApiKey).find({ order: { id: 'DESC' } });
  return [...keys.filter((k) => !k.revokedAt), ...keys.filter((k) => k.revokedAt)];
}

export async function revokeApiKey(ds: DataSource, id: number, userId: number | null, at: string): Promise<ApiKey> {
  const repo = ds.getRepository(ApiKey);
  const apiKey = await repo.findOneBy({ id });
  if (!apiKey) throw AppError.notFound();
  if (!apiKey.revokedAt) {
    const before = apiKeyAudit(apiKey);
    await ds.transaction(async (m) => {
      await m.getRepository(ApiKey).update({ id }, { revokedAt: at, revokedBy: userId });
      apiKey.revokedAt = at;
      apiKey.revokedBy = userId;
      await recordSettingChange(m, null, { area: 'api-keys', entityId: id, before, after: apiKeyAudit(apiKey) });
    });
  }
  return apiKey;
}

/** What the settings audit keeps of a key (never its secret). */
function apiKeyAudit(k: ApiKey): Record<string, unknown> {
  return { name: k.name, companyId: k.companyId, prefix: k.prefix, scopes: k.scopes, revokedAt: k.revokedAt };
}

/** The active key a bearer token stands for, or null (unknown, malformed or revoked). */
export async function findActiveKey(ds: DataSource, token: string): Promise<ApiKey | null> {
  if (!KEY_FORMAT.test(token)) return null;
  const apiKey = await ds.getRepository(ApiKey).findOneBy({ secretHash: hashSecret(token) });
  return apiKey && !apiKey.revokedAt ? apiKey : null;
}

/**
 * Records the last use, at most once a minute per key, so that a busy integration does not turn
 * every read into a write.
 */
export async function touchApiKey(ds: DataSource, apiKey: ApiKey, now: Date): Promise<void> {
  if (apiKey.lastUsedAt && now.getTime() - Date.parse(apiKey.lastUsedAt) < 60_000) return;
  await ds.getRepository(ApiKey).update({ id: apiKey.id }, { lastUsedAt: now.toISOString() });
}
