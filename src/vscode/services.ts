// The services the composition root (extension.ts) builds and hands to every feature's register().
import type * as vscode from 'vscode';
import type { GearshiftConfig } from '../common/config';
import type { OutboundGate } from '../common/gate';
import type { Job, LlmClient, ProbeResult, Tier } from '../common/llm';
import type { Ledger } from '../common/ledger';
import type { Router } from '../common/router';
import type { ServerFactsCache } from '../common/serverFacts';
import type { TokenCounter } from '../common/tokenCounter';
import type { SyntaxService } from '../common/syntax/types';

export interface ProbeStore {
  get(endpointId: string, model: string): ProbeResult | undefined;
  set(result: ProbeResult): Promise<void>;
  /** Forgets every stored verdict (the key, URL or models changed: they may no longer hold). */
  clear(): Promise<void>;
}

export type InlineStatus =
  | { kind: 'ready' }
  | { kind: 'loading' }
  | { kind: 'disabled'; detail?: string }
  | { kind: 'snoozed'; until: number }
  | { kind: 'error'; detail: string };

export interface StatusIndicator {
  /** Marks a tier busy (spinner) until the returned disposable is disposed. */
  busy(tier: Tier): vscode.Disposable;
  setInline(status: InlineStatus): void;
  /** Every routed job reports here: auth/connection failures show in the status bar until a success. */
  reportOutcome(job: Job, error?: unknown): void;
}

/** Whether the primary endpoint lacks the API key it needs (then nothing is sent to it). */
export interface SetupStatus {
  readonly needed: boolean;
  /** Re-checks settings and SecretStorage; the answer is cached until either changes. */
  check(): Promise<boolean>;
  readonly onDidChange: vscode.Event<boolean>;
}

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** Current validated settings. */
  config(): GearshiftConfig;
  readonly onDidChangeConfig: vscode.Event<GearshiftConfig>;
  readonly client: LlmClient;
  readonly router: Router;
  readonly ledger: Ledger;
  readonly tokenizer: TokenCounter;
  /** Syntax trees (web-tree-sitter, loaded on first use); see common/syntax/types.ts. */
  readonly syntax: SyntaxService;
  /** True for files matching `gearshift.exclude`: never sent, not even as context. */
  isExcluded(uri: vscode.Uri): boolean;
  /** Every prompt passes here: exclusions, then secret detection; the client takes only sealed requests. */
  readonly gate: OutboundGate;
  readonly probes: ProbeStore;
  /** What each endpoint's server published about itself (kind, windows, slots). */
  readonly servers: ServerFactsCache;
  readonly status: StatusIndicator;
  readonly setup: SetupStatus;
  /** Shows a user-started job's failure with fitting actions (Set API Key, Open Settings, Show Log, Retry). */
  showError(error: unknown, retry?: () => unknown): Promise<void>;
}
