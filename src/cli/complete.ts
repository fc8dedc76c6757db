// `gearshift complete <file>:<line>:<col> [--open <file>…] [--endpoint URL --model NAME] [--json]`:
// one inline suggestion from the same engine the extension runs (line and column are 1-based).
// --json always names the transport and the stage timings and, when nothing is shown, says why.
// Context: the --open files and the files the current file imports (read from disk, inside the
// workspace: the current folder, or the file's own folder when it lies outside it).
import * as fs from 'fs';
import * as path from 'path';
import { languageIdOfPath } from '../common/languageIds';
import { getDocContext, textSource, type DocMeta, type Position } from '../common/inline/document';
import { InlineEngine, type InlineEngineStatus, type InlineSuggestion, type RequestMeta } from '../common/inline/engine';
import { CrossFileContext } from '../common/inline/crossFileContext';
import { importedModules, locatedBindings } from '../common/inline/imports';
import { StageTimer } from '../common/inline/timings';
import { modelForTier } from '../common/tierModel';
import { definitions } from '../common/syntax/queries';
import { readImportedFiles } from '../node/importedFiles';
import { createCliEngine, type CliEngine, type CliFlags } from './engine';
import { readAdmittedFile, reportRefusal } from './gate';

const USAGE = 'Usage: gearshift complete <file>:<line>:<col> [--open <file>…] [--endpoint URL --model NAME] [--transport NAME] [--context-window N] [--max-output N] [--json]';

const NOTHING_LEFT = 'the model answered, but post-processing left nothing to show (an empty answer, or one that only repeats the code after the cursor or the lines around it)';
const LIMIT_FLAGS: Record<string, keyof CliFlags> = { '--transport': 'transport', '--context-window': 'contextWindow', '--max-output': 'maxOutput' };


interface CompleteArgs {
  file: string;
  line: number;
  column: number;
  open: string[];
  endpoint?: string;
  model?: string;
  /** --transport, --context-window, --max-output. */
  limits: Pick<CliFlags, 'transport' | 'contextWindow' | 'maxOutput'>;
  json: boolean;
}

export function parseCompleteArgs(args: string[]): CompleteArgs | string {
  let target: string | undefined;
  const open: string[] = [];
  let endpoint: string | undefined;
  let model: string | undefined;
  const limits: CompleteArgs['limits'] = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--endpoint') endpoint = args[++i];
    else if (arg === '--model') model = args[++i];
    else if (LIMIT_FLAGS[arg]) limits[LIMIT_FLAGS[arg] as keyof CompleteArgs['limits']] = args[++i];
    else if (arg === '--open') {
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) open.push(args[++i]);
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (target === undefined) target = arg;
    else return `unexpected argument ${arg}`;
  }
  const match = target ? /^(.+):(\d+):(\d+)$/.exec(target) : null;
  if (!match) return 'expected <file>:<line>:<col>';
  if ((endpoint === undefined) !== (model === undefined) && endpoint !== undefined && model === undefined) {
    return '--endpoint needs --model';
  }
  return { file: match[1], line: Number(match[2]), column: Number(match[3]), open, endpoint, model, limits, json };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCompleteArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`gearshift complete: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  const cli = createCliEngine({ endpoint: parsed.endpoint, model: parsed.model, ...parsed.limits });
  try {
    const relative = (file: string) => path.relative(process.cwd(), path.resolve(file)) || file;
    let text: string;
    try {
      text = readAdmittedFile(cli.gate, 'inline', parsed.file);
      cli.gate.admit({ job: 'inline', subject: { path: parsed.file, text } });
    } catch (error) {
      return reportRefusal('complete', error);
    }
    const languageId = languageIdOfPath(parsed.file);
    const opened = parsed.open.map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
    const context = await crossFileSources(cli, { file: parsed.file, text, languageId, open: opened, root: workspaceRoot(parsed.file), relative });
    let failure: InlineEngineStatus | undefined;
    let answered: RequestMeta | undefined;
    const engine = createCompletionEngine(cli, (status) => (failure = status.kind === 'error' ? status : undefined), (done) => (answered = done));
    const meta = { uri: path.resolve(parsed.file), relativePath: relative(parsed.file), languageId, version: 1 };
    const position = { line: Math.max(0, parsed.line - 1), character: Math.max(0, parsed.column - 1) };
    const timer = new StageTimer();
    const suggestion = await completeAt(engine, { text, position, meta, context, repoName: path.basename(process.cwd()), timer });
    const failed = failure?.kind === 'error' ? failure.detail : undefined;
    if (failed) process.stderr.write(`gearshift complete: ${failed}\n`);
    if (parsed.json) {
      const request = suggestion?.meta ?? answered;
      const out = {
        suggestion: suggestion?.text ?? '',
        multiline: suggestion?.multiline ?? false,
        transport: request?.transport ?? null,
        model: request?.model || modelForTier(cli.config, 'inline', 'fast').model,
        promptTokens: request?.promptTokens,
        promptTokensReported: request?.promptTokensReported,
        ttftMs: request?.ttftMs,
        durationMs: request?.durationMs,
        timings: suggestion?.timings ?? timer.timings,
        ...(suggestion ? {} : { why: failed ?? (answered ? NOTHING_LEFT : 'no request was sent (nothing to complete here)') }),
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
    } else if (suggestion) {
      process.stdout.write(`${suggestion.text}\n`);
    }
    return failed ? 1 : 0;
  } finally {
    await cli.dispose();
  }
}

/** The inline engine `gearshift complete` runs: the CLI's client and router, no speculative requests (one answer, then exit). */
export function createCompletionEngine(cli: CliEngine, onStatus?: (status: InlineEngineStatus) => void, onRequestDone?: (meta: RequestMeta) => void): InlineEngine {
  // cli.config is read each time: it gains the server's windows once discovery has run.
  const config = () => ({ ...cli.config, inline: { ...cli.config.inline, speculative: 'off' as const } });
  return new InlineEngine({
    client: cli.client,
    router: cli.router,
    gate: cli.gate,
    config,
    estimateTokens: (t) => cli.tokenizer.estimate(t),
    log: cli.log,
    syntax: cli.syntax,
    server: (id) => cli.servers.peek(id),
    onStatus,
    onRequestDone,
  });
}

export interface CompletionTarget {
  text: string;
  position: Position;
  meta: DocMeta;
  /** Other files: open ones and the file's imports (already without excluded ones). */
  context: CrossFileContext;
  repoName?: string;
  /** Collects the stage timings (one is made when not given). */
  timer?: StageTimer;
}

/** One suggestion at a position of a whole text, asked for as the Trigger Inline Suggestion command does (no don't-trigger rules, no throttle). */
export async function completeAt(engine: InlineEngine, target: CompletionTarget): Promise<InlineSuggestion | undefined> {
  // One request: its grammar loads first, so the answer's shape is decided on the syntax tree.
  await engine.prepare(target.meta.languageId);
  const ctx = getDocContext(textSource(target.text), target.position, target.meta, engine.windowBudget());
  return engine.provide({
    ctx,
    manual: true,
    signal: new AbortController().signal,
    repoName: target.repoName,
    context: () => target.context.chunksFor(ctx),
    timer: target.timer,
  });
}

export interface CrossFileInput {
  file: string;
  text: string;
  languageId: string;
  /** Files named by --open (read, not yet admitted). */
  open: { path: string; text: string }[];
  /** The workspace: imports are followed inside it only (not at all without one). */
  root: string | undefined;
  /** The path shown to the model for a file. */
  relative: (file: string) => string;
}

/** The current folder is the CLI's workspace (as for .gearshiftignore); a file outside it is its own folder's. */
function workspaceRoot(file: string): string {
  const inCwd = path.relative(process.cwd(), path.resolve(file));
  return inCwd.startsWith('..') || path.isAbsolute(inCwd) ? path.dirname(path.resolve(file)) : process.cwd();
}

/** One run has no keystrokes to keep fast, but the parse of what it imports stays bounded all the same. */
const CLI_INDEX_BUDGET_MS = 2000;

/**
 * The context sources the extension uses, built for one file: the --open files plus the files the
 * current file imports, read from disk. Excluded and binary files are never sent, not even as
 * context: they are not even indexed (excluded imports are not even read).
 */
export async function crossFileSources(cli: CliEngine, input: CrossFileInput): Promise<CrossFileContext> {
  const context = new CrossFileContext(cli.syntax);
  const uri = path.resolve(input.file);
  await cli.syntax.load(input.languageId);
  const tree = cli.syntax.parse(input.text, input.languageId);
  const modules = tree ? importedModules(tree.root, input.languageId) : [];
  const definedHere = new Set(tree ? definitions(tree).map((d) => d.name) : []);
  tree?.dispose();
  const imported = input.root === undefined ? [] : await readImportedFiles(input.file, modules, input.root, (file) => cli.gate.isExcluded(input.relative(file)));
  const admitted = cli.gate.admit({ job: 'inline', context: [...input.open, ...imported] }).context;
  const languages = new Set(admitted.map((file) => languageIdOfPath(file.path)));
  await Promise.all([...languages].map((languageId) => cli.syntax.load(languageId)));
  admitted.forEach((file, version) => context.add({ uri: path.resolve(file.path), relativePath: input.relative(file.path), languageId: languageIdOfPath(file.path), version, text: file.text }));
  const found = new Map(imported.flatMap((file) => file.modules.map((index): [number, string] => [index, path.resolve(file.path)])));
  context.setImports({ uri, files: imported.map((file) => file.path), bindings: locatedBindings(modules, found), definedHere });
  context.index(CLI_INDEX_BUDGET_MS);
  return context;
}
