import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ejs from 'ejs';
import { compileView, escapeHtml, viewEngine } from '../../src/web/views';
import { fromRoot } from '../../src/shared/paths';

/** Renders with the module's engine and with EJS's own (its `with` block), for the same files. */
function renderBoth(dir: string, file: string, locals: Record<string, unknown>): { ours: string; theirs: string } {
  const filename = path.join(dir, file);
  let ours = '';
  viewEngine(() => true)(filename, locals, (err, html) => {
    if (err) throw err;
    ours = html!;
  });
  const theirs = ejs.render(fs.readFileSync(filename, 'utf8'), locals, { filename });
  return { ours, theirs };
}

describe('view engine (EJS without with)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-'));
    fs.mkdirSync(path.join(dir, 'partials'));
    fs.writeFileSync(
      path.join(dir, 'page.ejs'),
      [
        '<%# a comment naming notALocal %>',
        '<% const d = dossier; const label = (x) => t(x) + "!"; %>',
        '<h1><%= label("title") %> <%= d.number %> <%- raw %></h1>',
        '<% if (typeof missing !== "undefined") { %>missing<% } else { %>no missing<% } %>',
        '<% if (typeof user !== "undefined" && user) { %>user <%= user.name %><% } %>',
        '<%= JSON.stringify({ a: 1 }) %> <%= Math.max(1, 2) %> <%= [1, 2].map((n) => n * 2).join(",") %>',
        '<% for (const row of rows) { %><%- include("partials/row", { row }) %><% } %>',
        '<%= échéance %> <%= locals.dossier.number %> <%% literal %%>',
        '<%= `${d.number}-${rows.length}` %>',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'partials', 'row.ejs'), '<li data-n="<%= row.n %>"><%= t("row") %> <%= typeof d %> <%= typeof dossier %></li>\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('renders what EJS renders: locals, globals, typeof of missing names, includes with their own locals', () => {
    const locals = { t: (k: string) => `T(${k})`, dossier: { number: 42 }, raw: '<b>x</b>', rows: [{ n: 1 }, { n: '<2>' }], échéance: 'é', user: { name: 'Ann & co' } };
    const { ours, theirs } = renderBoth(dir, 'page.ejs', locals);
    expect(ours).to.equal(theirs);
    expect(ours).to.contain('no missing').and.contain('user Ann &amp; co').and.contain('&lt;2&gt;').and.contain('<%').and.contain('42-2');
  });

  it('a missing user renders as EJS does', () => {
    const locals = { t: (k: string) => k, dossier: { number: 1 }, raw: '', rows: [], échéance: '' };
    const { ours, theirs } = renderBoth(dir, 'page.ejs', locals);
    expect(ours).to.equal(theirs);
  });

  // One difference: a name neither in the locals nor global reads as undefined here, where EJS's `with` throws a ReferenceError.
  it('an error names the template file and line', () => {
    const fn = compileView('/x/broken.ejs', 'line one\n<%= nothing.here %>\n');
    expect(() => fn({}, (s) => String(s), () => '')).to.throw(/broken\.ejs:2/);
  });

  it('escapes as EJS does', () => {
    const values: unknown[] = [undefined, null, 0, -1.5, NaN, '', 'plain', `a&b<c>d"e'f`, '&&<<>>', '"', "'", 'é & ü', true, { toString: () => '<x>' }, ['<', 'b'], 12345678901234567890n];
    for (const v of values) expect(escapeHtml(v), String(v)).to.equal(ejs.escapeXML(v as string));
  });

  it('compiles every view of the module', () => {
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ejs') ? [path.join(d, e.name)] : []));
    const files = walk(fromRoot('views'));
    expect(files.length).to.be.greaterThan(50);
    for (const f of files) expect(() => compileView(f, fs.readFileSync(f, 'utf8')), f).not.to.throw();
  });
});
