/**
 * Counts the imports between components under src/ (issue 13), to measure how many go through a
 * component's front door (its index.ts) and how many bypass it.
 *
 *   npx tsx scripts/count-imports.ts            the counts
 *   npx tsx scripts/count-imports.ts --list     and every import that bypasses an index.ts
 *
 * A component is the first folder under src/. The cross-cutting layers shared/, db/, web/ and
 * config.ts may be imported by anyone; they are counted apart when they import a component. The
 * composition root (src/app.ts, src/routes.ts, src/server.ts and src/cli/) wires components
 * together and is counted apart too. An import is one import/export-from statement (or require,
 * import()) whatever the number of names it brings; `import type` counts like the others. Cycles
 * are looked for among value imports (type-only imports vanish at compile time).
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');
const LAYERS = new Set(['shared', 'db', 'web', 'config']);
const COMPOSITION_ROOT = new Set(['app', 'routes', 'server', 'cli']);

interface Edge { from: string; to: string; typeOnly: boolean }

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { spec: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const typeOnly = node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly));
      found.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      found.push({ spec: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The component (first folder under src/), or the file name for files directly in src/. */
function componentOf(file: string): string {
  const first = relative(SRC, file).split(sep)[0];
  return first.replace(/\.ts$/, '');
}

const isIndex = (file: string): boolean => relative(SRC, file).split(sep).length === 2 && file.endsWith(`${sep}index.ts`);
const isEntity = (file: string): boolean => /\.entit(y|ies)\.ts$/.test(file);
const rel = (file: string): string => relative(SRC, file).split(sep).join('/');

const files = walk(SRC);
const edges: Edge[] = files.flatMap((from) =>
  importsOf(from).flatMap(({ spec, typeOnly }) => {
    const to = resolveSpecifier(from, spec);
    return to ? [{ from, to, typeOnly }] : [];
  }),
);

type Kind = 'index' | 'entity' | 'internal';
const kindOf = (to: string): Kind => (isIndex(to) ? 'index' : isEntity(to) ? 'entity' : 'internal');
const tally = () => ({ index: 0, entity: 0, internal: 0, typeOnly: 0, allowed: 0, list: [] as string[] });
/** What the lint rule lets through besides index.ts: db/ registering entities, the root wiring routers and page models. */
const allowedBypass = (from: string, to: string): boolean =>
  (componentOf(from) === 'db' && isEntity(to)) || (COMPOSITION_ROOT.has(componentOf(from)) && /\.(routes|page)\.ts$/.test(to));
const between = tally();
const fromLayers = tally();
const fromRoot = tally();

for (const e of edges) {
  const a = componentOf(e.from);
  const b = componentOf(e.to);
  if (a === b || LAYERS.has(b) || COMPOSITION_ROOT.has(b)) continue;
  const bucket = LAYERS.has(a) ? fromLayers : COMPOSITION_ROOT.has(a) ? fromRoot : between;
  const kind = kindOf(e.to);
  bucket[kind] += 1;
  if (e.typeOnly) bucket.typeOnly += 1;
  if (kind !== 'index' && allowedBypass(e.from, e.to)) bucket.allowed += 1;
  if (kind !== 'index') bucket.list.push(`${kind.padEnd(8)} ${rel(e.from)} -> ${rel(e.to)}${e.typeOnly ? ' (type)' : ''}`);
}

/** Strongly connected groups of files over value imports (Tarjan). */
function cycles(): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const strong = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter += 1;
    stack.push(v); onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); group.push(w); } while (w !== v);
      if (group.length > 1 || (next.get(v) ?? []).includes(v)) groups.push(group.map(rel).sort());
    }
  };
  for (const f of files) if (!index.has(f)) strong(f);
  return groups;
}

function report(title: string, t: ReturnType<typeof tally>): void {
  const total = t.index + t.entity + t.internal;
  const pct = (n: number) => (total ? `${Math.round((100 * n) / total)} %` : '-');
  console.log(`${title}: ${total} (of which ${t.typeOnly} type-only)`);
  console.log(`  through index.ts            ${String(t.index).padStart(4)}  ${pct(t.index)}`);
  console.log(`  another component's entity  ${String(t.entity).padStart(4)}  ${pct(t.entity)}`);
  console.log(`  another internal file       ${String(t.internal).padStart(4)}  ${pct(t.internal)}`);
  console.log(`  bypassing index.ts          ${String(t.entity + t.internal).padStart(4)}  ${pct(t.entity + t.internal)}`);
  if (t.allowed) console.log(`    of which the lint rule allows (db/ entity registration, root routers and page models) ${t.allowed}`);
}

/**
 * Thin routes (issue 13): in the route files (`*.routes.ts`), the catch blocks written by hand that
 * sort an AppError (validation, invalid state, conflict: what web/form-action.ts does once), and
 * the repository calls and SQL (`getRepository`, `query`, `createQueryBuilder`, `rows`); and the
 * files over 300 lines whose top comment does not say why.
 */
function routeFileCounts() {
  const routeFiles = files.filter((f) => f.endsWith('.routes.ts'));
  const catches: string[] = [];
  const dataCalls: string[] = [];
  let formActions = 0;
  for (const file of routeFiles) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) => `${rel(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isCatchClause(node) && /isAppError\(|\.code\b/.test(node.block.getText())) catches.push(where(node));
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
        if (['getRepository', 'query', 'createQueryBuilder'].includes(name) && ts.isPropertyAccessExpression(callee)) dataCalls.push(`${where(node)} ${name}`);
        if (name === 'rows' && ts.isIdentifier(callee)) dataCalls.push(`${where(node)} rows`);
        if ((name === 'formAction' || name === 'handleForm') && ts.isIdentifier(callee)) formActions += 1;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const long = files.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines <= 300) return [];
    const top = ts.getLeadingCommentRanges(text, 0) ?? [];
    const says = top.some((r) => /300 lines/.test(text.slice(r.pos, r.end)));
    return [{ file: rel(f), lines, says }];
  });
  return { routeFiles: routeFiles.length, catches, dataCalls, formActions, long };
}

const listing = process.argv.includes('--list');
console.log(`${files.length} files under src/, ${edges.length} relative imports`);
report('Between components', between);
report('From the layers shared/, db/, web/, config.ts into components', fromLayers);
report('From the composition root (app.ts, routes.ts, server.ts, cli/) into components', fromRoot);
const groups = cycles();
console.log(`Import cycles (value imports, groups of files): ${groups.length}`);
for (const g of groups) console.log(`  ${g.length} files: ${g.slice(0, listing ? g.length : 6).join(', ')}${!listing && g.length > 6 ? ', …' : ''}`);
const thin = routeFileCounts();
console.log(`Route files: ${thin.routeFiles}`);
console.log(`  catch blocks sorting an AppError by hand  ${String(thin.catches.length).padStart(4)}`);
console.log(`  form handlers through web/form-action     ${String(thin.formActions).padStart(4)}`);
console.log(`  repository calls and SQL                  ${String(thin.dataCalls.length).padStart(4)}`);
console.log(`Files over 300 lines: ${thin.long.length}, of which without a top comment saying why: ${thin.long.filter((l) => !l.says).length}`);
for (const l of thin.long) console.log(`  ${String(l.lines).padStart(4)} ${l.file}${l.says ? '' : '  (no why-comment)'}`);
if (listing) {
  console.log('\nCatch blocks sorting an AppError by hand:');
  for (const c of thin.catches) console.log(`  ${c}`);
  console.log('\nRepository calls and SQL in route files:');
  for (const c of thin.dataCalls) console.log(`  ${c}`);
  for (const [title, t] of [['between components', between], ['from the layers', fromLayers], ['from the composition root', fromRoot]] as const) {
    console.log(`\nBypassing index.ts, ${title}:`);
    for (const line of t.list.sort()) console.log(`  ${line}`);
  }
}
