// `gearshift complete <file>:<line>:<col> [--open <file>…] [--endpoint URL --model NAME] [--json]`:
// one inline suggestion from the same engine the extension runs (line and column are 1-based).
// --json always names the transport and the stage timings and, when nothing is shown, says why.
import * as fs from 'fs';
import * as path from 'path';
import { getDocContext, textSource, type DocMeta, type Position } from '../common/inline/document';
import { InlineEngine, type InlineEngineStatus, type InlineSuggestion, type RequestMeta } from '../common/inline/engine';
import { SimilarSnippetIndex } from '../common/inline/similar';
import { StageTimer } from '../common/inline/timings';
import { createCliEngine, type CliEngine, type CliFlags } from './engine';
import { readAdmittedFile, reportRefusal } from './gate';

const USAGE = 'Usage: gearshift complete <file>:<line>:<col> [--open <file>…] [--endpoint URL --model NAME] [--transport NAME] [--context-window N] [--max-output N] [--json]';

const NOTHING_LEFT = 'the model answered, but post-processing left nothing to show (an empty answer, or one that only repeats the code after the cursor or the lines around it)';
const LIMIT_FLAGS: Record<string, keyof CliFlags> = { '--transport': 'transport', '--context-window': 'contextWindow', '--max-output': 'maxOutput' };

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescriptreact', '.js': 'javascript', '.jsx': 'javascriptreact', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python', '.go': 'go', '.java': 'java', '.rs': 'rust', '.c': 'c', '.h': 'c', '.cpp': 'cpp', '.hpp': 'cpp', '.cs': 'csharp',
  '.rb': 'ruby', '.php': 'php', '.kt': 'kotlin', '.swift': 'swift', '.sh': 'shellscript', '.lua': 'lua', '.sql': 'sql', '.md': 'markdown',
};

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
    const languageId = languageOf(parsed.file);
    const index = new SimilarSnippetIndex();
    const opened = parsed.open.map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
    // Excluded and binary files are never sent, not even as context: they are not even indexed.
    for (const [i, file] of cli.gate.admit({ job: 'inline', context: opened }).context.entries()) {
      index.update({ uri: path.resolve(file.path), relativePath: relative(file.path), languageId: languageOf(file.path), version: i, text: file.text });
    }
    let failure: InlineEngineStatus | undefined;
    let answered: RequestMeta | undefined;
    const engine = createCompletionEngine(cli, (status) => (failure = status.kind === 'error' ? status : undefined), (done) => (answered = done));
    const meta = { uri: path.resolve(parsed.file), relativePath: relative(parsed.file), languageId, version: 1 };
    const position = { line: Math.max(0, parsed.line - 1), character: Math.max(0, parsed.column - 1) };
    const timer = new StageTimer();
    const suggestion = await completeAt(engine, { text, position, meta, open: index, repoName: path.basename(process.cwd()), timer });
    const failed = failure?.kind === 'error' ? failure.detail : undefined;
    if (failed) process.stderr.write(`gearshift complete: ${failed}\n`);
    if (parsed.json) {
      const request = suggestion?.meta ?? answered;
      const out = {
        suggestion: suggestion?.text ?? '',
        multiline: suggestion?.multiline ?? false,
        transport: request?.transport ?? null,
        model: request?.model || cli.config.models.fast,
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
  /** Other open files (already without excluded ones). */
  open: SimilarSnippetIndex;
  repoName?: string;
  /** Collects the stage timings (one is made when not given). */
  timer?: StageTimer;
}

/** One suggestion at a position of a whole text, asked for as the Trigger Inline Suggestion command does (no don't-trigger rules, no throttle). */
export async function completeAt(engine: InlineEngine, target: CompletionTarget): Promise<InlineSuggestion | undefined> {
  // One request: its grammar loads first, so the answer's shape is decided on the syntax tree.
  await engine.prepare(target.meta.languageId);
  const ctx = getDocContext(textSource(target.text), target.position, target.meta, engine.windowBudget());
  const above = ctx.prefix.slice(0, ctx.prefix.length - ctx.linePrefix.length);
  return engine.provide({
    ctx,
    manual: true,
    signal: new AbortController().signal,
    repoName: target.repoName,
    context: () => target.open.query(ctx.uri, ctx.languageId, above),
    timer: target.timer,
  });
}

export function languageOf(file: string): string {
  return LANGUAGE_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'plaintext';
}
