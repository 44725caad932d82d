/**
 * The Handlebars engine for documents, in its own environment (never the global Handlebars), with
 * formatting helpers only, so templates stay logic-less and editable by administrators.
 *
 * Rendering never throws: a syntax error, an unknown helper or a helper that fails comes back as
 * `{ ok: false, error: { message, line } }`, so a broken template cannot stop a daily run or a print.
 */
import Handlebars from 'handlebars';
import { formatBusinessDate } from '../shared/business-date';
import { formatMoney, formatRate } from '../shared/money';

export interface TemplateError {
  message: string;
  /** 1-based line in the template source, when known. */
  line: number | null;
}

export type RenderResult = { ok: true; html: string } | { ok: false; error: TemplateError };

export type TemplateMode = 'html' | 'text';

type Loc = { start?: { line?: number } } | undefined;

/** An error raised while rendering, carrying the line of the template node at fault. */
class LocatedError extends Error {
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

function lineOf(options: unknown): number | null {
  const loc = (options as { loc?: Loc } | undefined)?.loc;
  return loc?.start?.line ?? null;
}

function asCents(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return null;
}

/** Formatting helpers: the only code a template can call. */
const FORMAT_HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  /** {{money cents}} → 1 933,79 € */
  money: (value) => {
    const cents = asCents(value);
    return cents === null ? '' : formatMoney(cents, 'fr');
  },
  /** {{date '2026-11-22'}} → 22/11/2026 */
  date: (value) => (typeof value === 'string' ? formatBusinessDate(value, 'fr') : ''),
  /** {{percent 12.15}} → 12,15 % */
  percent: (value) => (typeof value === 'number' && Number.isFinite(value) ? formatRate(value) : ''),
  /** {{plural count 'dossier' 'dossiers'}} → 1 dossier, 4 dossiers (French: singular for 0 and 1). */
  plural: (count, one, other) => {
    const n = asCents(count);
    if (n === null) return '';
    return `${n.toLocaleString('fr-FR')} ${Math.abs(n) < 2 ? String(one ?? '') : String(other ?? one ?? '')}`;
  },
  /** {{upper text}} */
  upper: (value) => (typeof value === 'string' ? value.toUpperCase() : ''),
  /** {{default value 'fallback'}} — a fallback text, still no logic. */
  default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
};

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  for (const [name, fn] of Object.entries(FORMAT_HELPERS)) env.registerHelper(name, fn as Handlebars.HelperDelegate);
  env.registerHelper('helperMissing', function (...args: unknown[]) {
    // A bare `{{name}}` whose value is null or absent lands here too: like Handlebars itself, print
    // nothing. Only a call with arguments (`{{name x}}`) is a helper that does not exist.
    if (args.length === 1) return undefined;
    const options = args[args.length - 1] as { name?: string };
    throw new LocatedError(`Unknown helper "${options?.name ?? '?'}"`, lineOf(options));
  });
  // Every helper, built-in ones included (#each without a list…), reports the line it was called from.
  const helpers = env.helpers as Record<string, Handlebars.HelperDelegate>;
  for (const [name, fn] of Object.entries(helpers)) {
    env.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      try {
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } catch (err) {
        if (err instanceof LocatedError) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new LocatedError(`${name}: ${message}`, lineOf(args[args.length - 1]));
      }
    });
  }
  return env;
}

const htmlEnv = createEnvironment();

/** Reads the line out of whatever Handlebars threw. */
export function templateErrorOf(err: unknown): TemplateError {
  if (err instanceof LocatedError) return { message: err.message, line: err.line };
  const message = err instanceof Error ? err.message : String(err);
  const parse = /Parse error on line (\d+)/.exec(message) ?? /on line (\d+)/.exec(message);
  if (parse) return { message: message.split('\n')[0] + (message.includes('Expecting') ? ` — ${message.split('\n').pop()}` : ''), line: Number(parse[1]) };
  const lineNumber = (err as { lineNumber?: number })?.lineNumber;
  return { message: message.replace(/ - \d+:\d+$/, ''), line: typeof lineNumber === 'number' ? lineNumber : null };
}

/**
 * Compiled templates by mode, then by source: the source itself is the key (its hash is kept on the
 * string, which the callers reuse), where a key built as `mode + source` cost a copy and a hash of
 * the whole template on every render.
 */
const cache: Record<TemplateMode, Map<string, HandlebarsTemplateDelegate>> = { html: new Map(), text: new Map() };

/** Compiles (cached by source and mode) and renders; HTML mode escapes every {{value}}. */
export function renderTemplate(source: string, context: unknown, mode: TemplateMode = 'html'): RenderResult {
  try {
    const compiledOf = cache[mode === 'text' ? 'text' : 'html'];
    let compiled = compiledOf.get(source);
    if (!compiled) {
      // Handlebars compiles on the first call, just below, inside this try: a syntax error comes back
      // as this render's error, and again on every render (the broken source never compiles).
      // Without @data (`@index`, `@first`, `@root`…: all contain an `@`), Handlebars creates no data frame
      // per #each item nor a program wrapper per block: the same output, with less garbage per letter.
      compiled = htmlEnv.compile(source, { noEscape: mode === 'text', knownHelpersOnly: false, strict: false, preventIndent: true, data: source.includes('@') });
      if (compiledOf.size > 100) compiledOf.clear();
      compiledOf.set(source, compiled);
    }
    return { ok: true, html: compiled(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }) };
  } catch (err) {
    return { ok: false, error: templateErrorOf(err) };
  }
}

/** Checks a template's syntax without data, for the admin form. */
export function checkTemplate(source: string): TemplateError | null {
  try {
    htmlEnv.precompile(source);
    return null;
  } catch (err) {
    return templateErrorOf(err);
  }
}

export function escapeHtml(text: string): string {
  return Handlebars.escapeExpression(text);
}
