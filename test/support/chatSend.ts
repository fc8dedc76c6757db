// One chat send as the chat session (src/features/chat/session.ts) makes it, without VS Code: the
// picker's route, the prompt planned against the model's window (trimming or escalating), the
// router's check, and the request with the max_tokens the router allowed. For the profile tests.
import * as assert from 'node:assert/strict';
import { lookupModel } from '../../src/common/catalog';
import type { ContextItem } from '../../src/common/chat/context';
import { prepareChat } from '../../src/common/chat/prepare';
import type { GearshiftConfig } from '../../src/common/config';
import { chatOutputTokens, routeFor } from '../../src/features/chat/models';
import { routerFor, type Rig } from './profileRig';
import { sealed } from './sealed';

export async function sendChat(rig: Rig, config: GearshiftConfig, selection: string, items: ContextItem[], count: (text: string, model: string) => Promise<number>) {
  const route = routeFor(config, selection);
  const slot = (name: string) => {
    const info = lookupModel(name, config.models.overrides).info;
    return { name, info, maxOutputTokens: chatOutputTokens(config, route.tier, info.maxOutput) };
  };
  const prepared = await prepareChat({
    rawText: 'What does this code do, and what would you change?', items, history: [],
    model: slot(route.model), escalation: route.allowEscalation ? slot(config.models.large) : undefined,
    count: (text) => count(text, route.model),
  });
  if (prepared.kind !== 'ready') assert.fail(`refused: ${prepared.reason}`);
  const routed = await routerFor({ ...rig, config }).run({
    job: 'chat', tier: route.tier, model: route.model, promptTokens: prepared.promptTokens, maxOutputTokens: slot(route.model).maxOutputTokens,
    allowEscalation: route.allowEscalation,
    execute: (target) => rig.client.chat(target.endpoint, sealed({ model: target.model, messages: prepared.messages, maxTokens: target.maxOutputTokens })),
  });
  return { prepared, routed };
}
