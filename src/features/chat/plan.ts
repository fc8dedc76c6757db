// Planning one chat send, without VS Code: the picker's route, the window the server really runs
// that model with (asked first, for a bounded time), and the prompt fitted to that window.
import { lookupModel } from '../../common/catalog';
import type { ContextItem, HistoryExchange } from '../../common/chat/context';
import { prepareChat, type PrepareInput, type Prepared } from '../../common/chat/prepare';
import type { GearshiftConfig } from '../../common/config';
import { lacksRequiredKey } from '../../common/keyRequirement';
import type { Router } from '../../common/router';
import { DISCOVERY_WAIT_MS, type ServerFactsCache } from '../../common/serverFacts';
import { chatOutputTokens, routeFor, type ChatRoute } from './models';

export interface PlannedRoute extends ChatRoute {
  maxOutputTokens: number;
}

export interface ChatPlanner {
  /** The settings with what the primary server published folded in (serverAwareConfig). */
  config(): GearshiftConfig;
  readonly router: Pick<Router, 'target'>;
  readonly servers: Pick<ServerFactsCache, 'ensureWithin'>;
}

export interface SendInput {
  /** The text handed to prepareChat (a slash command is expanded there). */
  promptText: string;
  items: readonly ContextItem[];
  history: readonly HistoryExchange[];
  /** A counter in `model`'s encoding, made once the model is known. */
  counter(model: string): (text: string) => Promise<number>;
}

export function plannedRoute(config: GearshiftConfig, selection: string): PlannedRoute {
  const route = routeFor(config, selection);
  const info = lookupModel(route.model, config.models.overrides).info;
  return { ...route, maxOutputTokens: chatOutputTokens(config, route.tier, info.maxOutput) };
}

export function chatPrepareInput(config: GearshiftConfig, route: PlannedRoute, input: Omit<SendInput, 'counter'>, count: (text: string) => Promise<number>): PrepareInput {
  const slot = (name: string) => ({ name, info: lookupModel(name, config.models.overrides).info, maxOutputTokens: route.maxOutputTokens });
  return {
    rawText: input.promptText,
    items: input.items,
    history: input.history,
    model: slot(route.model),
    escalation: route.allowEscalation ? slot(config.models.large) : undefined,
    count,
  };
}

/**
 * Asks the primary server which windows it runs the picked model (and the large one, for
 * escalation) with. Without this the first send to a model the server has not described yet is
 * planned against the catalog's window: a 4,096-token vLLM serving a model the catalog gives 32,768
 * would be sent a prompt it refuses. Never throws and never waits past `waitMs` (a down endpoint
 * fails at the request, with its own error; a later send joining a discovery already that old does
 * not wait again); asks nothing of an endpoint that needs a key and has none.
 */
export async function learnServedWindows(planner: ChatPlanner, selection: string, waitMs = DISCOVERY_WAIT_MS): Promise<void> {
  try {
    const config = planner.config();
    const route = routeFor(config, selection);
    const { endpoint } = await planner.router.target('chat', route.tier, route.model);
    if (lacksRequiredKey(endpoint)) return;
    // Not aborted when the wait ends: the router's own check joins the same discovery instead of starting over.
    await planner.servers.ensureWithin(endpoint, [route.model, config.models.large], waitMs);
  } catch {
    // No endpoint configured, for one: the send reports that with the router's clear error.
  }
}

/** The route and the prepared request of one send, planned against the served window. */
export async function planSend(planner: ChatPlanner, selection: string, input: SendInput, waitMs?: number): Promise<{ route: PlannedRoute; prepared: Prepared }> {
  await learnServedWindows(planner, selection, waitMs);
  const config = planner.config();
  const route = plannedRoute(config, selection);
  return { route, prepared: await prepareChat(chatPrepareInput(config, route, input, input.counter(route.model))) };
}
