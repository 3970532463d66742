// The import graph of src/, read from the sources with TypeScript's parser (no
// type-check, no build): which file imports which, and how (a value import, a
// type-only one, or a lazy `import()`). Pure over the texts it is given; the
// tests in this folder read the files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** How a file names another: `import`/`export from` (value), `import type` / `import('x').T` (type), `await import()` (dynamic). */
export type ImportKind = 'value' | 'type' | 'dynamic';

export interface ImportEdge {
  from: string;
  to: string;
  kind: ImportKind;
}

/** The module specifiers a TypeScript text names, with how it names each. */
export function importsOf(fileName: string, text: string): { specifier: string; kind: ImportKind }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: { specifier: string; kind: ImportKind }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      out.push({ specifier: node.moduleSpecifier.text, kind: typeOnly ? 'type' : 'value' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, kind: node.isTypeOnly ? 'type' : 'value' });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      out.push({ specifier: node.argument.literal.text, kind: 'type' });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      out.push({ specifier: node.arguments[0].text, kind: 'dynamic' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The repository-relative .ts file a relative specifier names (`./x.js` is `x.ts`); undefined for packages. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return target.replace(/\.js$/, '.ts');
}

/**
 * The architectural unit a file of src/ belongs to: its top-level folder
 * (`src/qbt`), or for the bridge's folder group its subfolder
 * (`src/bridge/ssdp`); a file directly in src/ or src/bridge/ is its own unit.
 */
export function unitOf(file: string): string {
  const parts = file.split('/');
  if (parts[1] === 'bridge') return parts.length > 3 ? parts.slice(0, 3).join('/') : file;
  return parts.length > 2 ? parts.slice(0, 2).join('/') : file;
}

/** Every .ts file under `dir` (repository-relative, sorted). */
export function tsFilesUnder(repoRoot: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(repoRoot, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (e.isFile() && e.name.endsWith('.ts')) out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

/** The import edges between files of src/ (package imports left out). */
export function srcImportEdges(repoRoot: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of tsFilesUnder(repoRoot, 'src')) {
    for (const { specifier, kind } of importsOf(from, readFileSync(path.join(repoRoot, from), 'utf8'))) {
      const to = resolveSpecifier(from, specifier);
      if (to) edges.push({ from, to, kind });
    }
  }
  return edges;
}

/**
 * The groups of units that import each other round in a circle (strongly
 * connected components of more than one unit), each sorted, in a stable order.
 */
export function unitCycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)!.add(b);
  }
  // Tarjan's algorithm.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const strongConnect = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!indexOf.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!indexOf.has(v)) strongConnect(v);
  return groups.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
