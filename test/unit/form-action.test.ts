/** web/form-action.ts: the one way routes handle a submitted form (issue 13). */
import { expect } from 'chai';
import type { Request, Response } from 'express';
import { AppError } from '../../src/shared/errors';
import { ANSWERED, formAction, handleForm, translated } from '../../src/web/form-action';

function fakes() {
  const headers: Record<string, string> = {};
  const req = { session: {}, params: { id: '7' }, body: { label: 'x' }, get: (h: string) => headers[h] } as unknown as Request & { session: { flash?: { kind: string; message: string }[] } };
  const redirects: string[] = [];
  const sent: Record<string, string> = {};
  const res = {
    locals: { basePath: '/b', t: (k: string, p?: Record<string, unknown>) => `t(${k}${p?.n ? `,${String(p.n)}` : ''})` },
    redirect: (_status: number, to: string) => redirects.push(to),
    set(h: string, v: string) { sent[h] = v; return this; },
    status() { return this; },
    end() { sent.ended = 'yes'; },
  } as unknown as Response;
  return { req, res, redirects, headers, sent };
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

  it('a form without a page of its own flashes a validation error and goes back', async () => {
    const { req, res, redirects } = fakes();
    await handleForm(req, res, { run: async () => { throw AppError.field('reason', 'validation.required'); }, back: '/x', invalid: 'reason.required' });
    expect(req.session.flash).to.deep.equal([{ kind: 'danger', message: 'reason.required' }]);
    expect(redirects).to.deep.equal(['/b/x']);
  });

  it('without `rerender` nor `invalid`, a validation error goes to the error page; with `refused: false`, an invalid state too', async () => {
    for (const err of [AppError.field('a', 'b'), new AppError('invalid_state', 'c')]) {
      const { req, res, redirects } = fakes();
      let caught: unknown;
      await handleForm(req, res, { run: async () => { throw err; }, back: '/x', refused: false }).catch((e: unknown) => { caught = e; });
      expect(caught).to.equal(err);
      expect(redirects).to.deep.equal([]);
    }
  });

  it('a conflict is re-rendered or flashed only when the handler says so', async () => {
    const conflict = new AppError('conflict', 'saved.meanwhile');
    const { req, res } = fakes();
    let status = 0;
    await handleForm(req, res, { run: async () => { throw conflict; }, back: '/x', rerender: (_q, _s, _e, err) => { status = err.httpStatus; }, rerenderConflict: true });
    expect(status).to.equal(409);
    const other = fakes();
    await handleForm(other.req, other.res, { run: async () => { throw conflict; }, back: '/x', refuseConflict: true });
    expect(other.req.session.flash).to.deep.equal([{ kind: 'danger', message: 'saved.meanwhile' }]);
    let caught: unknown;
    await handleForm(other.req, other.res, { run: async () => { throw conflict; }, back: '/x', rerender: () => undefined }).catch((e: unknown) => { caught = e; });
    expect(caught).to.equal(conflict);
  });

  it('a refusal may be flashed translated now, with its parameters', async () => {
    const { req, res } = fakes();
    await handleForm(req, res, { run: async () => { throw new AppError('invalid_state', 'in.use', 409, [], { n: 3 }); }, back: '/x', refused: translated });
    expect(req.session.flash).to.deep.equal([{ kind: 'danger', message: 't(in.use,3)' }]);
  });

  it('an htmx success is sent on with HX-Redirect; an answer `run` sent itself is left alone', async () => {
    const { req, res, redirects, headers, sent } = fakes();
    headers['HX-Request'] = 'true';
    await handleForm(req, res, { run: async () => 'ok', back: '/dossiers/7', htmx: true });
    expect(sent['HX-Redirect']).to.equal('/b/dossiers/7');
    expect(redirects).to.deep.equal([]);
    const other = fakes();
    await handleForm(other.req, other.res, { run: async () => ANSWERED, back: '/x' });
    expect(other.redirects).to.deep.equal([]);
    expect(other.req.session.flash).to.equal(undefined);
  });
});
