// Cross-file cases (issue 9): lines that use an identifier the file imports from another file of the
// same package, where it is defined (and not in the file itself). The line is masked; the figure is
// whether the identifier's defining line reached the prompt, with the defining file open and with
// it only imported, and whether the perfect answer is shown.
import * as fs from 'fs';
import * as path from 'path';
import { topLevelSymbols } from '../../src/common/syntax/queries';
import type { SyntaxNode } from '../../src/common/syntax/types';
import { shuffled } from '../support/random';
import { pythonStdlib, ROOT, sourceFiles, type CorpusFile } from './corpus';
import type { MaskCase } from './masks';
import { parseFile, type CorpusLanguage } from './syntax';

export interface CrossFileCase {
  case: MaskCase;
  /** The file that defines the identifier (opened in one scenario, only imported in the other). */
  definingFile: CorpusFile;
  identifier: string;
  /** The first line of the definition, trimmed: what must be in the prompt. */
  definingText: string;
  /** The workspace the case's file lives in (its package; the standard library for Python), inside which its imports are followed. */
  root: string;
}

interface PackageGroup {
  label: string;
  root: string;
  extensions: string[];
  languageId: CorpusLanguage;
}

/** Packages whose files import one another: ESM TypeScript/JavaScript sources and stdlib packages. */
function packageGroups(): PackageGroup[] {
  const modules = (name: string, folder: string, extensions: string[], languageId: CorpusLanguage): PackageGroup => ({
    label: name,
    root: path.join(ROOT, 'node_modules', name, folder),
    extensions,
    languageId,
  });
  const groups = [
    modules('openai', 'src', ['.ts'], 'typescript'),
    modules('htmlparser2', 'src', ['.ts'], 'typescript'),
    modules('@secretlint/core', 'src', ['.ts'], 'typescript'),
    modules('ajv', 'lib', ['.ts'], 'typescript'),
    modules('markdown-it', 'lib', ['.mjs'], 'javascript'),
  ];
  const stdlib = pythonStdlib();
  if (stdlib) {
    for (const name of ['email', 'json', 'http', 'asyncio', 'concurrent', 'importlib', 'xml', 'urllib', 'sqlite3', 'unittest', 'wsgiref', 'tomllib', 'zoneinfo']) {
      groups.push({ label: `${path.basename(stdlib)}/${name}`, root: path.join(stdlib, name), extensions: ['.py'], languageId: 'python' });
    }
  }
  return groups.filter((group) => fs.existsSync(group.root));
}

interface Import {
  local: string;
  original: string;
  from: string;
}

interface Definer {
  file: CorpusFile;
  /** Top-level definitions: name → first line of the declaration. */
  defines: Map<string, string>;
}

interface ParsedMember extends Definer {
  root: SyntaxNode;
  dispose(): void;
}

/** Files sampled per wanted case: many files import nothing usable. */
const USING_FILES_PER_CASE = 3;

export interface CrossFileOptions {
  /** Cases kept per package, at most two per using file. */
  perPackage: number;
  seed: number;
}

export async function crossFileCases(options: CrossFileOptions): Promise<CrossFileCase[]> {
  const cases: CrossFileCase[] = [];
  for (const group of packageGroups()) {
    const files = sourceFiles(group.root, group.extensions, ['test', 'tests', '__tests__'], 0).sort();
    // Parsing every file of a big package costs tens of seconds: a seeded sample of files that use
    // imports is parsed, and each file they import from only once, for its top-level definitions.
    const definers = new Map<string, Definer | undefined>();
    const definerOf = async (file: string) => {
      if (!definers.has(file)) {
        const member = await parseMember(file, group);
        definers.set(file, { file: member.file, defines: member.defines });
        member.dispose();
      }
      return definers.get(file);
    };
    const candidates: CrossFileCase[] = [];
    for (const file of shuffled(files, options.seed).slice(0, options.perPackage * USING_FILES_PER_CASE)) {
      const member = await parseMember(file, group);
      const wanted = new Map<string, { definer: Definer; definingText: string }>();
      for (const imported of importsOf(member, group)) {
        const definer = await definerOf(imported.from);
        const definingText = definer?.defines.get(imported.original);
        if (!definer || !definingText || definingText.length < 8 || member.defines.has(imported.local) || member.file.text.includes(definingText)) continue;
        wanted.set(imported.local, { definer, definingText });
      }
      const perFile: CrossFileCase[] = [];
      for (const [identifier, statement] of firstUsingStatements(member.root, new Set(wanted.keys()))) {
        const { definer, definingText } = wanted.get(identifier)!;
        const [start, end] = [statement.startIndex, statement.endIndex];
        const { text } = member.file;
        const masked = text.slice(start, end);
        perFile.push({
          case: { id: `${member.file.label}@${start}:cross_file`, file: member.file, kind: 'blank_line', text: text.slice(0, start) + text.slice(end), offset: start, masked, multiline: masked.includes('\n') },
          definingFile: definer.file,
          identifier,
          definingText,
          root: group.languageId === 'python' ? path.dirname(group.root) : group.root,
        });
      }
      member.dispose();
      candidates.push(...shuffled(perFile, options.seed).slice(0, 2));
    }
    cases.push(...shuffled(candidates, options.seed).slice(0, options.perPackage));
  }
  return cases;
}

async function parseMember(file: string, group: PackageGroup): Promise<ParsedMember> {
  const text = fs.readFileSync(file, 'utf8');
  const tree = await parseFile(text, group.languageId);
  const lines = text.split('\n');
  const defines = new Map(topLevelSymbols(tree, 1).filter((s) => s.name).map((s) => [s.name, lines[s.startLine].trim()]));
  const corpusFile: CorpusFile = { path: file, label: `${group.label}/${path.relative(group.root, file)}`, languageId: group.languageId, text };
  return { file: corpusFile, root: tree.root, defines, dispose: () => tree.dispose() };
}

/** Named imports from other files of the group: ESM `import { a as b } from './x'`, Python `from .x import a as b`. */
function importsOf(member: ParsedMember, group: PackageGroup): Import[] {
  const found: Import[] = [];
  const dir = path.dirname(member.file.path);
  for (const node of member.root.namedChildren) {
    if (node.type === 'import_statement') {
      const source = node.childForFieldName('source')?.text.slice(1, -1);
      const from = source?.startsWith('.') ? resolveModule(path.resolve(dir, source), group) : undefined;
      if (!from) continue;
      for (const specifier of descendants(node, 'import_specifier')) {
        const original = specifier.childForFieldName('name')?.text;
        if (original) found.push({ original, local: specifier.childForFieldName('alias')?.text ?? original, from });
      }
    } else if (node.type === 'import_from_statement') {
      const [moduleName, ...names] = node.namedChildren;
      const from = moduleName ? resolvePythonModule(moduleName.text, dir, group) : undefined;
      if (!from) continue;
      for (const name of names) {
        if (name.type === 'dotted_name') found.push({ original: name.text, local: name.text, from });
        else if (name.type === 'aliased_import') {
          const original = name.childForFieldName('name')?.text;
          const local = name.childForFieldName('alias')?.text;
          if (original && local) found.push({ original, local, from });
        }
      }
    }
  }
  return found;
}

function resolveModule(base: string, group: PackageGroup): string | undefined {
  const candidates = [base, base.replace(/\.[cm]?js$/, '.ts'), ...group.extensions.map((ext) => base + ext), ...group.extensions.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((file) => file.startsWith(group.root) && fs.existsSync(file) && fs.statSync(file).isFile());
}

/** `.x`, `..x.y` relative to the file's folder; `pkg.x` from the standard library's root. */
function resolvePythonModule(name: string, dir: string, group: PackageGroup): string | undefined {
  const dots = /^\.*/.exec(name)?.[0].length ?? 0;
  const parts = name.slice(dots).split('.').filter(Boolean);
  const base = dots > 0 ? path.resolve(dir, ...Array(dots - 1).fill('..'), ...parts) : path.join(path.dirname(group.root), ...parts);
  return resolveModule(base, { ...group, extensions: ['.py'] }) ?? resolveModule(path.join(base, '__init__'), { ...group, extensions: ['.py'] });
}

/** For each name, the first statement inside a body that uses it, on at most three lines (one walk over the tree). */
function firstUsingStatements(root: SyntaxNode, names: Set<string>): Map<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  if (names.size === 0) return found;
  for (const use of descendants(root, 'identifier', 'type_identifier')) {
    const name = use.text;
    if (!names.has(name) || found.has(name)) continue;
    let statement: SyntaxNode | null = use;
    while (statement && !(statement.parent && (statement.parent.type === 'statement_block' || statement.parent.type === 'block'))) statement = statement.parent;
    if (statement && statement.endPosition.row - statement.startPosition.row < 3 && statement.endIndex - statement.startIndex <= 300) found.set(name, statement);
  }
  return found;
}

function* descendants(node: SyntaxNode, ...types: string[]): Generator<SyntaxNode> {
  for (const child of node.namedChildren) {
    if (types.includes(child.type)) yield child;
    yield* descendants(child, ...types);
  }
}
