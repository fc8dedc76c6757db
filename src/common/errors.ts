/** Why a request to an endpoint failed; drives retry, failover and the action offered to the user. */
export type EndpointErrorReason =
  | 'auth'
  | 'forbidden'
  | 'model-not-found'
  | 'rate-limited'
  | 'timeout'
  | 'unsupported-parameter'
  | 'context-too-long'
  | 'server'
  | 'network'
  | 'bad-response'
  | 'cancelled';

/** What the user can do about an error; the vscode layer maps each to a button. */
export type ErrorAction = 'set-api-key' | 'open-settings' | 'show-log' | 'retry' | 'choose-model';

export interface EndpointErrorInit {
  reason: EndpointErrorReason;
  message: string;
  status?: number;
  retryAfterMs?: number;
  endpoint?: string;
  model?: string;
  cause?: unknown;
}

const ACTIONS: Record<EndpointErrorReason, ErrorAction[]> = {
  'auth': ['set-api-key', 'open-settings'],
  'forbidden': ['set-api-key', 'open-settings'],
  'model-not-found': ['choose-model', 'open-settings'],
  'rate-limited': ['retry', 'show-log'],
  'timeout': ['retry', 'open-settings'],
  'unsupported-parameter': ['open-settings', 'show-log'],
  'context-too-long': ['choose-model', 'show-log'],
  'server': ['retry', 'show-log'],
  'network': ['retry', 'open-settings'],
  'bad-response': ['retry', 'show-log'],
  'cancelled': [],
};

/**
 * Marks EndpointErrors made by any copy of this class. The extension ships several bundles (the
 * HTTP client, the rewrite job, …), each with its own copy of this module: a plain `instanceof`
 * would fail for an error made in another bundle. Symbol.for is one registry per process.
 */
const ENDPOINT_ERROR = Symbol.for('gearshift.EndpointError');

/** The one error type for endpoint failures. Its message never contains the API key. */
export class EndpointError extends Error {
  /** `instanceof` holds for an EndpointError from any bundle's copy of the class (see ENDPOINT_ERROR). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [ENDPOINT_ERROR]?: unknown })[ENDPOINT_ERROR] === true;
  }

  readonly [ENDPOINT_ERROR] = true;
  readonly reason: EndpointErrorReason;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly endpoint?: string;
  readonly model?: string;

  constructor(init: EndpointErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'EndpointError';
    this.reason = init.reason;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.endpoint = init.endpoint;
    this.model = init.model;
  }

  /** Actions worth offering, most useful first. */
  get actions(): readonly ErrorAction[] {
    return ACTIONS[this.reason];
  }

  /** Failover to the next endpoint helps only when this endpoint itself is the problem. */
  get isEndpointFailure(): boolean {
    return this.reason === 'network' || this.reason === 'server' || this.reason === 'timeout';
  }

  /** User jobs retry these with backoff (inline never retries). */
  get isRetryable(): boolean {
    return this.reason === 'rate-limited' || this.isEndpointFailure;
  }
}

export function isEndpointError(value: unknown): value is EndpointError {
  return value instanceof EndpointError;
}
