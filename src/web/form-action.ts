/**
 * The one way a route handles a submitted form: `run` validates and calls the use case, then the
 * route redirects (303) with the flash `run` returned; a validation error shows the form again
 * with its field errors and the input kept (`rerender`, 422); an invalid state (the dossier moved
 * on, the intervention was already handled…) is flashed and redirects to `back`. Anything else
 * goes to the error handler.
 */
import type { Request, Response } from 'express';
import { isAppError, type AppError } from '../shared/errors';
import { errorMap } from './form';
import { flash, redirectTo } from './middleware';

export interface FormAction {
  /** Parses the form and calls the use case; returns the i18n key of the success flash (nothing: no flash). */
  run: (req: Request, res: Response) => Promise<string | void>;
  /** Where success and an invalid state go (app-relative, e.g. `/dossiers/12?tab=entries`). */
  back: (req: Request) => string;
  /** Shows the form again, status 422, with its field errors; the route decides which input it keeps. */
  rerender: (req: Request, res: Response, errors: Record<string, string>, err: AppError) => Promise<void> | void;
}

export function formAction(action: FormAction) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const message = await action.run(req, res);
      if (message) flash(req, 'success', message);
      redirectTo(res, action.back(req));
    } catch (err) {
      if (isAppError(err) && err.code === 'validation') return action.rerender(req, res, errorMap(err), err);
      if (isAppError(err) && err.code === 'invalid_state') {
        flash(req, 'danger', err.message);
        return redirectTo(res, action.back(req));
      }
      throw err;
    }
  };
}
