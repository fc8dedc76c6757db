// One chat send as the chat session (src/features/chat/session.ts) makes it, without VS Code: the
// send planned by the session's own planSend (the server's window asked first, then the prompt
// trimmed or escalated to fit it), the router's check, and the request with the max_tokens the
// router allowed. For the profile tests.
import * as assert from 'node:assert/strict';
import type { ContextItem } from '../../src/common/chat/context';
import type { GearshiftConfig } from '../../src/common/config';
import { withServerFacts } from '../../src/common/serverFacts';
import { planSend } from '../../src/features/chat/plan';
import { routerFor, type Rig } from './profileRig';
import { sealed } from './sealed';

const CHAT_QUESTION = 'What does this code do, and what would you change?';

export async function sendChat(rig: Rig, config: GearshiftConfig, selection: string, items: ContextItem[], count: (text: string, model: string) => Promise<number>) {
  // As in the extension, every read of the settings sees what the server has published so far.
  const served = () => withServerFacts(config, rig.servers.peek(rig.endpoint.id));
  const router = routerFor({ ...rig, config });
  const { route, prepared } = await planSend({ config: served, router, servers: rig.servers }, selection, {
    promptText: CHAT_QUESTION, items, history: [], counter: (model) => (text) => count(text, model),
  });
  if (prepared.kind !== 'ready') assert.fail(`refused: ${prepared.reason}`);
  const routed = await router.run({
    job: 'chat', tier: route.tier, model: route.model, promptTokens: prepared.promptTokens, maxOutputTokens: route.maxOutputTokens,
    allowEscalation: route.allowEscalation,
    execute: (target) => rig.client.chat(target.endpoint, sealed({ model: target.model, messages: prepared.messages, maxTokens: target.maxOutputTokens })),
  });
  return { prepared, routed };
}
