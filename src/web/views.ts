/**
 * The view engine of the pages (views/*.ejs): EJS's own parser and code generator, without its
 * `with (locals) { … }` block. Inside `with`, every name the template uses — its locals, but also
 * EJS's own `__append` and `escapeFn` on every piece of output — is a dynamic lookup through the
 * locals object: that was 60 % of a dossier list's rendering (385 µs of 30 KB of HTML, 145 µs without).
 *
 * The same names resolve to the same values: each template declares, in a function around its
 * generated code, one variable per identifier-like word found in its tags (a superset of the names it
 * reads: a word that is a property, a string's or a comment's is a variable nobody reads), set to the
 * local of that name when `name in locals` and to the global otherwise — what `with` looks up — and
 * the template's own declarations shadow them as they shadowed the locals before. Includes get the
 * including page's locals (by prototype, rather than EJS's copy of them) plus the ones they are given.
 * One difference: a name that is neither a local nor a global reads as `undefined` here, where `with`
 * threw a ReferenceError (`typeof name` gives 'undefined' in both).
 * Compiled functions are kept per file while `view cache` is on (app.ts); otherwise each render
 * reads and compiles its files again, as EJS does without its cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

type Locals = Record<string, unknown>;
type Include = (name: string, extra?: Locals) => string;
type Compiled = (locals: Locals, escapeFn: (s: unknown) => string, include: Include) => string;

/** A word that can name a variable (Unicode identifiers too: a superset of what the code refers to). */
const WORD = /(?<![\p{ID_Continue}$\u200c\u200d])[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*/gu;

/** Words that are not variables, and the generated function's own names (`__append`, `__line`… start with "__"). */
const NOT_LOCALS = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(' '),
  'arguments', 'eval', 'undefined', 'NaN', 'Infinity',
  'locals', 'escapeFn', 'include', 'rethrow',
]);

const OPENING = new Set(['<%', '<%_', '<%=', '<%-', '<%#']);
const CLOSING = new Set(['%>', '-%>', '_%>']);

interface EjsTemplate {
  source: string;
  templateText: string;
  parseTemplateText(): string[];
  compile(): unknown;
}

/** Every variable-like word inside the template's tags (scriptlets, outputs and comments), as EJS splits them. */
function wordsInTags(template: EjsTemplate): string[] {
  const words = new Set<string>();
  let inTag = false;
  for (const part of template.parseTemplateText()) {
    if (OPENING.has(part)) inTag = true;
    else if (CLOSING.has(part)) inTag = false;
    else if (inTag) for (const [w] of part.matchAll(WORD)) if (!NOT_LOCALS.has(w) && !w.startsWith('__')) words.add(w);
  }
  return [...words];
}

const SPECIAL = /[&<>'"]/;

/**
 * EJS's escapeXML, the same entities, without a regular-expression replace per value: most values (numbers,
 * labels, dates) hold none of the five characters and are returned as they are (a quarter of a list's
 * rendering went to escaping).
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  if (!SPECIAL.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const entity = c === 38 ? '&amp;' : c === 60 ? '&lt;' : c === 62 ? '&gt;' : c === 34 ? '&#34;' : c === 39 ? '&#39;' : null;
    if (entity === null) continue;
    out += text.slice(from, i) + entity;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** EJS's rethrow: the template's file, line and the lines around it in the error's message. */
function rethrow(err: Error & { path?: string }, text: string, filename: string, line: number): never {
  const lines = text.split('\n');
  const start = Math.max(line - 3, 0);
  const context = lines.slice(start, Math.min(lines.length, line + 3)).map((l, i) => `${i + start + 1 === line ? ' >> ' : '    '}${i + start + 1}| ${l}`).join('\n');
  err.path = filename;
  err.message = `${filename}:${line}\n${context}\n\n${err.message}`;
  throw err;
}

export function compileView(filename: string, text: string): Compiled {
  const Template = (ejs as unknown as { Template: new (text: string, opts: ejs.Options) => EjsTemplate }).Template;
  // `localsName` is what the generated code calls the locals: the function below's parameter.
  const template = new Template(text, { filename, _with: false, compileDebug: true, localsName: 'locals', strict: false });
  template.compile();
  const names = wordsInTags(template);
  const declarations = names.length ? `var ${names.map((n) => `${n} = ${JSON.stringify(n)} in locals ? locals[${JSON.stringify(n)}] : __globals[${JSON.stringify(n)}]`).join(',\n  ')};\n` : '';
  // The generated code in an arrow function of its own: its declarations shadow the variables above (and keep `this`).
  const body = `${declarations}return (() => {
  var __line = 1, __lines = ${JSON.stringify(template.templateText)}, __filename = ${JSON.stringify(filename)};
  try {
${template.source}
  } catch (e) {
    __rethrow(e, __lines, __filename, __line);
  }
})();`;
  const factory = new Function('__globals', '__rethrow', `return function (locals, escapeFn, include) {\n${body}\n};`) as (g: typeof globalThis, r: typeof rethrow) => Compiled;
  return factory(globalThis, rethrow);
}

/** An Express view engine over compileView; `cache(app)` says whether compiled files are kept (Express's `view cache`). */
export function viewEngine(cache: () => boolean) {
  const compiled = new Map<string, Compiled>();
  const resolved = new Map<string, string>();

  const fileFunction = (filename: string): Compiled => {
    const kept = cache() ? compiled.get(filename) : undefined;
    if (kept) return kept;
    const fn = compileView(filename, fs.readFileSync(filename, 'utf8').replace(/^\uFEFF/, ''));
    if (cache()) compiled.set(filename, fn);
    return fn;
  };
  // As EJS resolves an include: relative to the including file, `.ejs` added when the name has no extension.
  const resolveInclude = (from: string, name: string): string => {
    const key = `${from}\0${name}`;
    let file = cache() ? resolved.get(key) : undefined;
    if (!file) {
      file = path.resolve(path.dirname(from), name) + (path.extname(name) ? '' : '.ejs');
      if (!fs.existsSync(file)) throw new Error(`Could not find the include file "${name}" (from ${from})`);
      if (cache()) resolved.set(key, file);
    }
    return file;
  };
  const render = (filename: string, locals: Locals): string => {
    const include: Include = (name, extra) => {
      const own = Object.create(locals) as Locals;
      if (extra) Object.assign(own, extra);
      return render(resolveInclude(filename, name), own);
    };
    return fileFunction(filename)(locals, escapeHtml, include);
  };

  return (filename: string, options: object, callback: (err: unknown, html?: string) => void): void => {
    let html: string;
    try {
      html = render(filename, options as Locals);
    } catch (err) {
      callback(err);
      return;
    }
    callback(null, html);
  };
}
