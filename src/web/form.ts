/**
 * Validation at the edge: zod schemas built from these field helpers read raw form strings and
 * return domain values (cents, business dates, ids). Messages are i18n keys shown at the field.
 */
import { z } from 'zod';
import { exceedsMaxLineAmount, parseAmount } from '../shared/money';
import { parseBusinessDate } from '../shared/business-date';
import type { Request, Response } from 'express';
import { AppError, FieldError } from '../shared/errors';
import { flash } from './middleware';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const field = {
  requiredText: (max: number) =>
    z.preprocess(blankToUndefined, z.string({ error: 'validation.required' }).trim().max(max, { error: 'validation.tooLong' })),
  optionalText: (max: number) =>
    z.preprocess(blankToUndefined, z.string().trim().max(max, { error: 'validation.tooLong' }).optional()).transform((v) => v ?? null),
  requiredDate: () =>
    z.preprocess(blankToUndefined, z.string({ error: 'validation.required' })).transform((v, ctx) => {
      const d = parseBusinessDate(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'validation.date' });
        return z.NEVER;
      }
      return d;
    }),
  optionalDate: () =>
    z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
      if (v === undefined) return null;
      const d = parseBusinessDate(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'validation.date' });
        return z.NEVER;
      }
      return d;
    }),
  requiredAmount: () =>
    z.preprocess(blankToUndefined, z.string({ error: 'validation.required' })).transform((v, ctx) => {
      const cents = parseAmount(v);
      if (cents === null) {
        ctx.addIssue({ code: 'custom', message: 'validation.amount' });
        return z.NEVER;
      }
      if (exceedsMaxLineAmount(cents)) {
        ctx.addIssue({ code: 'custom', message: 'validation.amountTooLarge' });
        return z.NEVER;
      }
      return cents;
    }),
  optionalAmount: () =>
    z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
      if (v === undefined) return null;
      const cents = parseAmount(v);
      if (cents === null) {
        ctx.addIssue({ code: 'custom', message: 'validation.amount' });
        return z.NEVER;
      }
      if (exceedsMaxLineAmount(cents)) {
        ctx.addIssue({ code: 'custom', message: 'validation.amountTooLarge' });
        return z.NEVER;
      }
      return cents;
    }),
  /** An integer in [min, max], required. */
  integer: (min: number, max: number) =>
    z.preprocess(
      blankToUndefined,
      z.string({ error: 'validation.required' }).trim().regex(/^-?\d+$/, { error: 'validation.integer' }).transform(Number),
    ).pipe(z.number().min(min, { error: 'validation.range' }).max(max, { error: 'validation.range' })),
  optionalInteger: (min: number, max: number) =>
    z.preprocess(
      blankToUndefined,
      z.string().trim().regex(/^-?\d+$/, { error: 'validation.integer' }).transform(Number).pipe(z.number().min(min, { error: 'validation.range' }).max(max, { error: 'validation.range' })).optional(),
    ).transform((v) => v ?? null),
  /** A percentage 0–100 with at most two decimals, as hundredths of a percent (12,5 → 1250). */
  percentage: () =>
    z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
      if (v === undefined) return 0;
      const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(v.trim());
      const hundredths = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : NaN;
      if (!m || hundredths > 10000) {
        ctx.addIssue({ code: 'custom', message: 'validation.percentage' });
        return z.NEVER;
      }
      return hundredths;
    }),
  /** A select that references a row by id; empty means none. */
  optionalId: () =>
    z.preprocess(blankToUndefined, z.string().regex(/^\d{1,9}$/, { error: 'validation.choice' }).transform(Number).optional()).transform((v) => v ?? null),
  requiredId: () =>
    z.preprocess(blankToUndefined, z.string({ error: 'validation.required' }).regex(/^\d{1,9}$/, { error: 'validation.choice' }).transform(Number)),
  checkbox: () => z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean()),
  oneOf: <T extends string>(values: readonly T[]) =>
    z.preprocess(blankToUndefined, z.enum(values as unknown as [T, ...T[]], { error: 'validation.choice' })),
  /** Checkbox lists arrive as a string or an array of strings. */
  idList: () =>
    z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(/^\d{1,9}$/, { error: 'validation.choice' }).transform(Number))),
};

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '_form', message: issue.message.startsWith('validation.') ? issue.message : 'validation.invalid' }));
}

/** Parses a request body with a schema; throws AppError('validation') with field messages. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw AppError.validation(fieldErrorsOf(result.error));
  return result.data;
}

/** Field errors as a map for views: `errors.number` → message key. */
export function errorMap(err: AppError): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of err.fieldErrors) map[e.field] ??= e.message;
  return map;
}

/** A route's numeric id (`/dossiers/:id`): anything else is a page that does not exist. */
export function idParam(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) throw AppError.notFound();
  return Number(value);
}

export function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

/** A refusal shown as a flash: translated now, since flashes carry no parameters (an unknown key shows itself). */
export function flashError(req: Request, res: Response, err: AppError): void {
  flash(req, 'danger', (res.locals.t as (k: string, p?: Record<string, unknown>) => string)(err.message, err.params));
}

/** The optimistic-lock version a form posts back with the row it edits. */
export const versionSchema = z.object({ version: field.integer(1, 2_147_483_647) });
