// Turns what the user typed plus the attached chips and the conversation so far into the request
// to send: slash command expanded, images gated on the model's vision support, exact token counts,
// and the fit decision (as is, escalate to the large tier, or trim by priority) with its notice.
import type { ModelInfo } from '../catalog';
import type { ChatContentPart, ChatMessage } from '../llm';
import { promptBudget, reservedAnswer } from '../outputBudget';
import {
  CHAT_SYSTEM_PROMPT, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, buildMessages, buildUserContent, planPrompt,
  type ContextItem, type HistoryExchange, type PromptPlan,
} from './context';
import { expandSlash } from './slash';

export interface ModelSlot {
  name: string;
  info: ModelInfo;
  maxOutputTokens: number;
}

export interface PrepareInput {
  /** The input as typed (may start with a slash command). */
  rawText: string;
  items: readonly ContextItem[];
  /** Finished exchanges, oldest first. */
  history: readonly HistoryExchange[];
  model: ModelSlot;
  /** The large tier, when this request may escalate to it. */
  escalation?: ModelSlot;
  /** Exact token count in the model's encoding. */
  count(text: string): Promise<number>;
}

export type Prepared =
  | { kind: 'refused'; reason: string; plan?: PromptPlan }
  | {
    kind: 'ready';
    messages: ChatMessage[];
    userContent: string | ChatContentPart[];
    promptTokens: number;
    plan: PromptPlan;
    /** The chips actually sent (after trimming). */
    sentItems: ContextItem[];
    notice?: string;
  };

export function imageRefusal(model: string): string {
  return `${model} is a text-only model and cannot read images. Pick a vision model (e.g. gpt-4.1) or remove the image; for your own models set "vision": true in gearshift.models.overrides.`;
}

/** Prompt tokens (our count) a model slot takes with room for its answer, as the server may count them. */
export function promptWindow(slot: ModelSlot): number {
  return promptBudget(slot.info.contextWindow, reservedAnswer(slot.info.contextWindow, slot.maxOutputTokens));
}

/** Counts and plans without building the request (the input's live token display). */
export async function planChat(input: PrepareInput): Promise<PromptPlan> {
  const { count } = input;
  const itemCounts = await Promise.all(input.items.map(async (item) => ({
    id: item.id,
    priority: item.priority,
    tokens: item.imageUrl ? IMAGE_TOKENS : await count(item.text),
  })));
  const history = await Promise.all(input.history.map(async (exchange) =>
    (await count(exchange.user)) + (await count(exchange.assistant)) + 2 * MESSAGE_OVERHEAD_TOKENS));
  const fixed = (await count(CHAT_SYSTEM_PROMPT)) + (await count(expandSlash(input.rawText))) + 2 * MESSAGE_OVERHEAD_TOKENS;
  const escalation = input.escalation;
  return planPrompt({
    counts: { fixed, items: itemCounts, history },
    budget: promptWindow(input.model),
    escalationBudget: escalation ? promptWindow({ ...escalation, maxOutputTokens: Math.min(input.model.maxOutputTokens, escalation.info.maxOutput) }) : undefined,
  });
}

export async function prepareChat(input: PrepareInput): Promise<Prepared> {
  const { model } = input;
  if (input.items.some((item) => item.imageUrl) && !model.info.vision) return { kind: 'refused', reason: imageRefusal(model.name) };
  const plan = await planChat(input);
  if (plan.kind === 'too-large') {
    return {
      kind: 'refused',
      plan,
      reason: `This message needs about ${plan.total.toLocaleString('en-US')} tokens; even without context and history it does not fit ${model.name}. Shorten it or pick a model with a larger window.`,
    };
  }
  let items = [...input.items];
  let history = [...input.history];
  let notice: string | undefined;
  if (plan.kind === 'trim') {
    const dropped = items.filter((item) => plan.dropItems.includes(item.id));
    items = items.filter((item) => !plan.dropItems.includes(item.id));
    history = history.slice(plan.dropHistory);
    const parts = [
      ...dropped.map((item) => item.label),
      ...(plan.dropHistory ? [`${plan.dropHistory} earlier exchange${plan.dropHistory === 1 ? '' : 's'}`] : []),
    ];
    notice = `Trimmed to fit ${model.name}'s window: left out ${parts.join(', ')}.`;
  } else if (plan.kind === 'escalate') {
    notice = `About ${plan.total.toLocaleString('en-US')} tokens do not fit ${model.name}: sent to the large model ${input.escalation!.name}.`;
  }
  const userContent = buildUserContent(expandSlash(input.rawText), items);
  return {
    kind: 'ready',
    messages: buildMessages(CHAT_SYSTEM_PROMPT, history, userContent),
    userContent,
    promptTokens: plan.total,
    plan,
    sentItems: items,
    notice,
  };
}
