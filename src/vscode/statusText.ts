// What the status bar item says. Pure so it is unit-tested without VS Code.
import { isEndpointError } from '../common/errors';
import type { Job } from '../common/llm';
import type { InlineStatus } from './services';

const SEPARATORS = new Set(['-', ':', '/', '.', '_', '@']);

/** Drops what every model name shares ("gpt-", a vendor path) so both tiers fit in the status bar. */
export function shortModelNames(fast: string, large: string): { fast: string; large: string } {
  const strip = (name: string): string => name.slice(name.lastIndexOf('/') + 1).replace(/^gpt-/i, '');
  const a = strip(fast);
  const b = strip(large);
  if (a === b) return { fast: clip(a), large: clip(b) };
  // Longest common prefix that ends at a separator (or at the end of a name).
  let cut = 0;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) {
    if (SEPARATORS.has(a[i])) cut = i + 1;
  }
  const shorter = Math.min(a.length, b.length);
  if (a.slice(0, shorter) === b.slice(0, shorter) && SEPARATORS.has((a.length > b.length ? a : b)[shorter])) {
    cut = shorter + 1;
  }
  const rest = (name: string): string => (name.length > cut ? name.slice(cut) : name);
  return { fast: clip(rest(a)), large: clip(rest(b)) };
}

function clip(name: string, max = 18): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** The last auth or connection failure of any feature; cleared by the next success. */
export interface JobProblem {
  job: Job;
  kind: 'auth' | 'connection';
  detail: string;
}

export interface StatusView {
  fastModel: string;
  largeModel: string;
  endpointName: string;
  inline: InlineStatus;
  busy: number;
  /** The primary endpoint needs an API key and has none: nothing is sent until one is set. */
  setupNeeded?: boolean;
  problem?: JobProblem;
}

const JOB_LABELS: Record<Job, string> = {
  inline: 'Inline suggestions',
  chat: 'Chat',
  docs: 'Docs',
  refactor: 'Refactor',
  explain: 'Explain',
  probe: 'Test Endpoint',
};


const INLINE_ICON: Record<InlineStatus['kind'], string> = {
  ready: '$(gear)',
  loading: '$(loading~spin)',
  disabled: '$(circle-slash)',
  snoozed: '$(clock)',
  error: '$(warning)',
};

/**
 * What a job's failure means for the status bar: auth and connection failures are shown (from any
 * feature, not only inline); other failures (a bad answer, a too-long prompt) belong to the job.
 */
export function problemFrom(job: Job, error: unknown): JobProblem | undefined {
  if (!isEndpointError(error)) return undefined;
  if (error.reason === 'auth' || error.reason === 'forbidden') return { job, kind: 'auth', detail: error.message };
  if (error.reason === 'network' || error.reason === 'timeout') return { job, kind: 'connection', detail: error.message };
  return undefined;
}

export const SETUP_TEXT = '$(key) Set up Gearshift';

export function statusText(view: StatusView): string {
  if (view.setupNeeded) return SETUP_TEXT;
  // One warning look for every feature's auth or connection failure; the tooltip says which.
  const idleIcon = view.problem ? INLINE_ICON.error : INLINE_ICON[view.inline.kind];
  const icon = view.busy > 0 ? '$(loading~spin)' : idleIcon;
  const names = shortModelNames(view.fastModel, view.largeModel);
  const tiers = names.fast === names.large ? names.fast : `${names.fast} · ${names.large}`;
  return `${icon} ${tiers}`;
}

export function inlineStatusLabel(status: InlineStatus, now: number = Date.now()): string {
  switch (status.kind) {
    case 'ready':
      return 'ready';
    case 'loading':
      return 'working…';
    case 'disabled':
      return status.detail ? `off (${status.detail})` : 'off';
    case 'snoozed': {
      const minutes = Math.max(1, Math.ceil((status.until - now) / 60_000));
      return `snoozed for ${minutes} more min`;
    }
    case 'error':
      return `error: ${status.detail}`;
  }
}

/** Markdown tooltip; model and endpoint names are escaped because they come from settings. */
export function statusTooltip(view: StatusView, now: number = Date.now()): string {
  if (view.setupNeeded) {
    return [
      '**Gearshift is not set up**',
      '',
      `${escapeMarkdown(view.endpointName)} needs an API key; nothing is sent until one is set.`,
      '',
      'Click to choose an endpoint or set the key',
    ].join('  \n');
  }
  const problem = view.problem
    ? [`**${JOB_LABELS[view.problem.job]}: ${view.problem.kind === 'auth' ? 'authentication failed' : 'endpoint unreachable'}** — ${escapeMarkdown(view.problem.detail)}`, '']
    : [];
  const lines = [
    ...problem,
    `**Gearshift**${view.busy > 0 ? ` — ${view.busy} request${view.busy === 1 ? '' : 's'} in flight` : ''}`,
    '',
    `Fast tier: \`${escapeCode(view.fastModel)}\``,
    `Large tier: \`${escapeCode(view.largeModel)}\``,
    `Endpoint: ${escapeMarkdown(view.endpointName)}`,
    `Inline suggestions: ${escapeMarkdown(inlineStatusLabel(view.inline, now))}`,
    '',
    'Click for options',
  ];
  return lines.join('  \n');
}

function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
