/**
 * The one way a route handles a submitted form: `run` validates and calls the use case, then the
 * route redirects (303) with the flash `run` returned; a validation error shows the form again
 * with its field errors and the input kept (`rerender`, 422) or, for a form that has no page of its
 * own (a button, a panel), is flashed and goes `back`; an invalid state (the dossier moved on, the
 * intervention was already handled…) is flashed and goes `back`. Anything else goes to the error
 * handler. Each handler says which of these it does, so a refusal it never caught before still
 * reaches the error page (`refused: false`).
 */
import type { Request, Response } from 'express';
import { isAppError, type AppError } from '../shared/errors';
import { errorMap } from './form';
import { flash, redirectTo } from './middleware';

/** The flash of an error: a fixed i18n key, or one read from the error. */
export type ErrorFlash = string | ((err: AppError, res: Response) => string);

export interface FormAction {
  /**
   * Parses the form and calls the use case; returns the i18n key of the success flash (nothing: no
   * flash, or `run` flashed itself), or `ANSWERED` when it has sent the answer itself (its own
   * redirect, a page shown once).
   */
  run: (req: Request, res: Response) => Promise<string | void | typeof ANSWERED>;
  /** Where success and a flashed refusal go (app-relative, e.g. `/dossiers/12?tab=entries`). */
  back: string | ((req: Request) => string);
  /** Shows the form again with its field errors; the route decides which input it keeps and the status (422, 409 for a conflict). */
  rerender?: (req: Request, res: Response, errors: Record<string, string>, err: AppError) => Promise<void> | void;
  /** A conflict (someone saved the row meanwhile) is re-rendered too: `rerender` tells it by `err.code`. */
  rerenderConflict?: boolean;
  /** An invalid state is re-rendered too (a page that shows refusals at its form). */
  rerenderInvalidState?: boolean;
  /** Without `rerender`: the flash of a validation error, before going back. Without either, a validation error is the error page. */
  invalid?: ErrorFlash;
  /** The flash of an invalid state (default: its message); `false`: the error page (409). */
  refused?: ErrorFlash | false;
  /** A conflict is flashed as a refusal too. */
  refuseConflict?: boolean;
  /** On success, an htmx request (a dialog) is sent on with `HX-Redirect` instead of a 303 (a refusal still redirects). */
  htmx?: boolean;
}

/** What `run` returns when it has sent the answer itself. */
export const ANSWERED: unique symbol = Symbol('answered');

/** An error's message translated now with its parameters (flashes carry none; an unknown key shows itself). */
export const translated = (err: AppError, res: Response): string =>
  (res.locals.t as (k: string, p?: Record<string, unknown>) => string)(err.message, err.params);

const messageOf = (err: AppError): string => err.message;

function goBack(req: Request, res: Response, action: FormAction, succeeded = false): void {
  const target = typeof action.back === 'string' ? action.back : action.back(req);
  if (succeeded && action.htmx && req.get('HX-Request')) {
    res.set('HX-Redirect', `${res.locals.basePath ?? ''}${target}`).status(200).end();
    return;
  }
  redirectTo(res, target);
}

const flashOf = (f: ErrorFlash, err: AppError, res: Response): string => (typeof f === 'string' ? f : f(err, res));

/** Runs a form action now (for a handler that first loads what `back` needs). */
export async function handleForm(req: Request, res: Response, action: FormAction): Promise<void> {
  try {
    const message = await action.run(req, res);
    if (message === ANSWERED) return;
    if (message) flash(req, 'success', message);
    goBack(req, res, action, true);
  } catch (err) {
    if (!isAppError(err)) throw err;
    if (action.rerender && (err.code === 'validation' || (action.rerenderConflict && err.code === 'conflict') || (action.rerenderInvalidState && err.code === 'invalid_state'))) {
      return action.rerender(req, res, errorMap(err), err);
    }
    if (!action.rerender && action.invalid && err.code === 'validation') {
      flash(req, 'danger', flashOf(action.invalid, err, res));
      return goBack(req, res, action);
    }
    const refused = action.refused ?? messageOf;
    if (refused !== false && (err.code === 'invalid_state' || (action.refuseConflict && err.code === 'conflict'))) {
      flash(req, 'danger', flashOf(refused, err, res));
      return goBack(req, res, action);
    }
    throw err;
  }
}

/** A route handler for a form action. */
export function formAction(action: FormAction) {
  return (req: Request, res: Response): Promise<void> => handleForm(req, res, action);
}

/** Field errors under the names the form gives its fields (the use case says `amount`, the dossier's promise form `promiseAmount`). */
export function renamed(errors: Record<string, string>, names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [names[k] ?? k, v]));
}
