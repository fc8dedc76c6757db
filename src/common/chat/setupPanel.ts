// The setup panel the chat view shows instead of its input while Gearshift is unconfigured:
// endpoint presets and the local servers found on this machine. Types and guards for both sides.
import { isArrayOf, isObject, isOneOf, isString, optional, type Guard } from './guard';

export interface SetupChoice {
  /** A preset id, or a detected server's base URL. */
  id: string;
  label: string;
  detail: string;
}

export interface SetupView {
  /** Why setup is needed, e.g. "api.openai.com needs an API key". */
  reason: string;
  presets: SetupChoice[];
  servers: SetupChoice[];
}

/** `preset`/`server` carry the choice's id; the others open the command of the same name. */
export const SETUP_ACTIONS = ['preset', 'server', 'setApiKey', 'chooseEndpoint', 'walkthrough'] as const;
export type SetupAction = (typeof SETUP_ACTIONS)[number];

const isChoice: Guard<SetupChoice> = isObject({ id: isString(2000), label: isString(200), detail: isString(1000) });

export const isSetupView: Guard<SetupView> = isObject({
  reason: isString(1000),
  presets: isArrayOf(isChoice, 50),
  servers: isArrayOf(isChoice, 50),
});

export const isSetupMessage = isObject({ type: isOneOf(['setup'] as const), setup: optional(isSetupView) });
export const isSetupActionMessage = isObject({
  type: isOneOf(['setupAction'] as const),
  action: isOneOf(SETUP_ACTIONS),
  id: optional(isString(2000)),
});
