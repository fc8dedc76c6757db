// The page's only channel to the extension host, typed by the shared protocol.
import type { PageMessage } from '../common/chat/protocol';

export interface PageState {
  draft: string;
  scrollTop: number;
  /** True while the view follows the newest output (scrolled to the bottom). */
  pinned: boolean;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: PageMessage): void {
  api.postMessage(message);
}

export function loadState(): PageState {
  const state = api.getState() as Partial<PageState> | undefined;
  return {
    draft: typeof state?.draft === 'string' ? state.draft : '',
    scrollTop: typeof state?.scrollTop === 'number' ? state.scrollTop : 0,
    pinned: typeof state?.pinned === 'boolean' ? state.pinned : true,
  };
}

export function saveState(state: PageState): void {
  api.setState(state);
}
