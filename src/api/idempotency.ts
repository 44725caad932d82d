/**
 * Idempotent API writes: the write and the stored response commit in one transaction, under the
 * caller's Idempotency-Key. A replay of the same request returns the stored response; the same key
 * with another request is a conflict. Two identical requests racing: the loser hits a unique key,
 * is retried once, and then replays the winner's response.
 */
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { ApiIdempotency, ApiKey } from '../api-keys';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { requestFingerprint } from './api.rules';
import { isUniqueViolation } from '../db/transactions';

export interface WriteResult {
  status: number;
  body: unknown;
}


const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export async function runWrite(ctx: ModuleContext, req: Request, res: Response, apiKey: ApiKey, write: (m: EntityManager) => Promise<WriteResult>): Promise<void> {
  const key = req.get('idempotency-key');
  if (key !== undefined && !KEY_PATTERN.test(key)) throw AppError.field('Idempotency-Key', 'validation.invalid');
  const fingerprint = requestFingerprint(req.method, req.originalUrl.split('?')[0], req.body);

  const attempt = () =>
    ctx.dataSource.transaction(async (m) => {
      const repo = m.getRepository(ApiIdempotency);
      if (key !== undefined) {
        const stored = await repo.findOneBy({ companyId: apiKey.companyId, idempotencyKey: key });
        if (stored) {
          if (stored.requestHash !== fingerprint) throw new AppError('conflict', 'api.errors.idempotencyConflict', 409, [{ field: 'Idempotency-Key', message: 'api.errors.idempotencyConflict' }]);
          return { status: stored.responseStatus, body: JSON.parse(stored.responseBody) as unknown, replayed: true };
        }
      }
      const result = await write(m);
      if (key !== undefined) {
        await repo.insert({
          companyId: apiKey.companyId, idempotencyKey: key, requestHash: fingerprint, responseStatus: result.status,
          responseBody: JSON.stringify(result.body), apiKeyId: apiKey.id, createdAt: ctx.now().toISOString(),
        });
      }
      return { ...result, replayed: false };
    });

  let outcome: WriteResult & { replayed: boolean };
  try {
    outcome = await attempt();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    outcome = await attempt();
  }
  if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
  res.status(outcome.status).json(outcome.body);
}
