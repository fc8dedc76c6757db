// The outbound gate: the one place every prompt passes before it leaves the machine, whatever the
// feature (inline, chat, docs, refactor, explain, probe) or CLI command.
//
// 1. admit(): exclusions first — an excluded or binary file as the job's subject is refused with a
//    message naming the setting; as context it is dropped. For rewrite jobs (docs, refactor) the
//    subject is checked for secrets too: a redacted prompt would corrupt the rewrite, so the job is
//    refused with the lines unless the user agreed to send them (`sendSecrets`).
// 2. passage.seal(request): redacts every text field of the finished request (the fast rules plus
//    the literals the maintained rule set found earlier) and stamps it. The client accepts only
//    sealed requests: the `Sealed<T>` type makes a forgotten gate a compile error, and the stamp
//    (checked by assertSealed) catches casts, copies and spreads at run time.
import type { Job } from './llm';
import type { KnownSecrets } from './secrets/known';
import { findSecrets, LineScanCache, redactFindings, secretLines, type SecretLine } from './secrets/scan';

declare const sealedBrand: unique symbol;
/** A request that went through the gate. Only Passage.seal makes one. */
export type Sealed<T> = T & { readonly [sealedBrand]: true };

/** What can carry text out: the request types' content fields (see llm.ts). */
interface OutboundFields {
  messages?: readonly { role: string; content: string | readonly ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[] }[];
  prompt?: string;
  suffix?: string;
  prediction?: string;
  inputPrefix?: string;
  inputSuffix?: string;
  inputExtra?: readonly { filename: string; text: string }[];
}

export type RefusalReason = 'excluded' | 'binary' | 'secrets';

export class GateRefusal extends Error {
  override readonly name = 'GateRefusal';
  constructor(readonly reason: RefusalReason, message: string, readonly lines: readonly SecretLine[] = []) {
    super(message);
  }
}

export function isGateRefusal(error: unknown): error is GateRefusal {
  return error instanceof Error && error.name === 'GateRefusal';
}

export interface GateSource {
  /** Workspace-relative or absolute path; undefined for text that is no file (Problems, terminal). */
  path?: string;
  text?: string;
}

export interface AdmitRequest<C extends GateSource> {
  job: Job;
  /** The file the job is about (the open document, the file to document or refactor). */
  subject?: GateSource;
  /** Everything else that goes into the prompt. Excluded or binary entries are dropped. */
  context?: readonly C[];
  /** Rewrite jobs: the user saw the secret lines and chose to send them as they are. */
  sendSecrets?: boolean;
  /** Line number of the subject's first line in its file, for the refusal message. */
  lineOffset?: number;
}

export interface Admission<C extends GateSource> {
  passage: Passage;
  /** The context entries that may be sent. */
  context: C[];
  /** Paths of the context entries dropped (excluded or binary). */
  dropped: string[];
}

export interface Passage {
  readonly job: Job;
  /** The request with secrets redacted, frozen and stamped for the client. */
  seal<T extends OutboundFields>(request: T): Sealed<T>;
}

export interface GateOptions {
  isExcluded(path: string): boolean;
  /** Literal secret values found by the maintained rule set (per document, off the keystroke path). */
  known?: KnownSecrets;
  /** The maintained rule set (node/secrets/secretlint.ts): secret literals in a text. */
  deepScan?(text: string, path?: string): Promise<string[]>;
  /** The settings named in a refusal, e.g. "gearshift.exclude or .gearshiftignore". */
  exclusionSource?: string;
}

const REWRITE_JOBS: readonly Job[] = ['docs', 'refactor'];

/**
 * Text that is not text: NUL bytes, or the decoder's replacement character (U+FFFD) more than a
 * few times — one stray character in a comment is a typo, not a binary file.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let replaced = 0;
  for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) {
    if (++replaced > 8 || (replaced > 2 && replaced * 100 > text.length)) return true;
  }
  return false;
}

export class OutboundGate {
  /** Consecutive prompts share almost all their lines: a line seen before is not rescanned. */
  private readonly lines = new LineScanCache();

  constructor(private readonly options: GateOptions) {}

  isExcluded(path: string | undefined): boolean {
    return path !== undefined && this.options.isExcluded(path);
  }

  /** Refuses the job (GateRefusal) or returns the passage and the context that may go. */
  admit<C extends GateSource>(request: AdmitRequest<C>): Admission<C> {
    const { subject } = request;
    const source = this.options.exclusionSource ?? 'gearshift.exclude';
    if (subject?.path !== undefined && this.isExcluded(subject.path)) {
      throw new GateRefusal('excluded', `${baseName(subject.path)} matches ${source} and is never sent to the endpoint.`);
    }
    if (subject?.text !== undefined && looksBinary(subject.text)) {
      throw new GateRefusal('binary', `${subject.path ? baseName(subject.path) : 'The input'} is a binary or undecodable file; Gearshift sends only text.`);
    }
    const rewrite = REWRITE_JOBS.includes(request.job);
    if (rewrite && subject?.text !== undefined && !request.sendSecrets) {
      const findings = findSecrets(subject.text, this.known(), this.lines);
      if (findings.length) {
        const lines = secretLines(subject.text, findings, request.lineOffset ?? 0);
        const where = lines.map((entry) => `line ${entry.line} (${entry.kind})`).join(', ');
        throw new GateRefusal(
          'secrets',
          `${subject.path ? baseName(subject.path) : 'The code'} holds what looks like secrets: ${where}. A rewrite cannot send them redacted without corrupting them, so nothing was sent.`,
          lines,
        );
      }
    }
    const context: C[] = [];
    const dropped: string[] = [];
    for (const entry of request.context ?? []) {
      if (this.isExcluded(entry.path) || (entry.text !== undefined && looksBinary(entry.text))) dropped.push(entry.path ?? '(text)');
      else context.push(entry);
    }
    return { passage: this.passage(request.job, rewrite && request.sendSecrets === true), context, dropped };
  }

  /** Redacts one text the way seal() does (for callers that build prompt pieces ahead of sealing). */
  redact(text: string): string {
    return redactFindings(text, findSecrets(text, this.known(), this.lines));
  }

  /**
   * Runs the maintained rule set over texts about to be sent by a user-started job (chat, docs,
   * refactor, explain, CLI), so its findings are redacted (or refuse the rewrite) this time already.
   * `source` + `version` identify the text; an unchanged text is not scanned twice.
   */
  async scanDeep(entries: readonly { source: string; version: number; text: string; path?: string }[]): Promise<void> {
    const { known, deepScan } = this.options;
    if (!known || !deepScan) return;
    await Promise.all(entries.filter((entry) => !known.has(entry.source, entry.version) && !looksBinary(entry.text)).map(async (entry) => {
      known.set(entry.source, entry.version, await deepScan(entry.text, entry.path));
    }));
  }

  private known(): readonly string[] {
    return this.options.known?.values() ?? [];
  }

  private passage(job: Job, sendAsIs: boolean): Passage {
    const redact = sendAsIs ? (text: string) => text : (text: string) => this.redact(text);
    const checkPath = (path: string) => {
      if (this.isExcluded(path)) throw new GateRefusal('excluded', `${baseName(path)} is excluded and cannot be sent as context.`);
    };
    return {
      job,
      seal: <T extends OutboundFields>(request: T): Sealed<T> => stamp(sealFields(request, redact, checkPath)),
    };
  }
}

function sealFields<T extends OutboundFields>(request: T, redact: (text: string) => string, checkPath: (path: string) => void): T {
  const sealed: OutboundFields = { ...request };
  if (request.messages) {
    sealed.messages = Object.freeze(request.messages.map((message) => Object.freeze({
      ...message,
      content: typeof message.content === 'string'
        ? redact(message.content)
        : Object.freeze(message.content.map((part) => Object.freeze(part.type === 'text' ? { ...part, text: redact(part.text) } : { ...part }))),
    })));
  }
  for (const key of ['prompt', 'suffix', 'prediction', 'inputPrefix', 'inputSuffix'] as const) {
    const value = request[key];
    if (value !== undefined) sealed[key] = redact(value);
  }
  if (request.inputExtra) {
    sealed.inputExtra = Object.freeze(request.inputExtra.map((extra) => {
      checkPath(extra.filename);
      return Object.freeze({ filename: redact(extra.filename), text: redact(extra.text) });
    }));
  }
  return sealed as T;
}

/**
 * The stamps live on globalThis: the client is a bundle of its own (dist/client.js) with its own
 * copy of this module, and must recognise requests sealed by the extension's copy.
 */
const STAMPS_KEY = Symbol.for('gearshift.outboundGate.stamps');
function stamps(): WeakSet<object> {
  const holder = globalThis as { [STAMPS_KEY]?: WeakSet<object> };
  return (holder[STAMPS_KEY] ??= new WeakSet<object>());
}

function stamp<T extends object>(request: T): Sealed<T> {
  Object.freeze(request);
  stamps().add(request);
  return request as Sealed<T>;
}

/** The client's check: a request that did not come out of Passage.seal is a programming error. */
export function assertSealed(request: object): void {
  if (!stamps().has(request)) {
    throw new Error('Gearshift refused to send a request that did not pass the outbound gate (exclusions and secret redaction). Build requests with passage.seal().');
  }
}

function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? path;
}

/** For Gearshift's own fixed prompts (the endpoint probe): nothing from the user's files goes in. */
export function builtInPromptPassage(job: Job): Passage {
  return new OutboundGate({ isExcluded: () => false }).admit({ job }).passage;
}
