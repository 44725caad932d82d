/** web/form-action.ts: the one way routes handle a submitted form (issue 13). */
import { expect } from 'chai';
import type { Request, Response } from 'express';
import { AppError } from '../../src/shared/errors';
import { formAction } from '../../src/web/form-action';

function fakes() {
  const req = { session: {}, params: { id: '7' }, body: { label: 'x' } } as unknown as Request & { session: { flash?: { kind: string; message: string }[] } };
  const redirects: string[] = [];
  const res = { locals: { basePath: '/b' }, redirect: (_status: number, to: string) => redirects.push(to) } as unknown as Response;
  return { req, res, redirects };
}

describe('formAction', () => {
  const back = () => '/dossiers/7';

  it('redirects with the success flash the use case returned', async () => {
    const { req, res, redirects } = fakes();
    await formAction({ run: async () => 'done.key', back, rerender: () => { throw new Error('not called'); } })(req, res);
    expect(redirects).to.deep.equal(['/b/dossiers/7']);
    expect(req.session.flash).to.deep.equal([{ kind: 'success', message: 'done.key' }]);
  });

  it('shows the form again on field errors, without a redirect', async () => {
    const { req, res, redirects } = fakes();
    let shown: Record<string, string> | null = null;
    await formAction({ run: async () => { throw AppError.field('label', 'validation.required'); }, back, rerender: (_q, _s, errors) => { shown = errors; } })(req, res);
    expect(shown).to.deep.equal({ label: 'validation.required' });
    expect(redirects).to.deep.equal([]);
  });

  it('flashes an invalid state and redirects back', async () => {
    const { req, res, redirects } = fakes();
    await formAction({ run: async () => { throw new AppError('invalid_state', 'already.done'); }, back, rerender: () => undefined })(req, res);
    expect(req.session.flash).to.deep.equal([{ kind: 'danger', message: 'already.done' }]);
    expect(redirects).to.deep.equal(['/b/dossiers/7']);
  });

  it('lets any other error through', async () => {
    const { req, res } = fakes();
    let caught: unknown;
    try {
      await formAction({ run: async () => { throw new Error('boom'); }, back, rerender: () => undefined })(req, res);
    } catch (err) {
      caught = err;
    }
    expect(String(caught)).to.include('boom');
  });
});
