// A conversation as a Markdown document (Export Chat as Markdown).
import type { Conversation } from './conversation';

export function conversationToMarkdown(conversation: Conversation): string {
  const lines = [`# ${conversation.title}`, '', `_Exported from Gearshift on ${new Date(conversation.updatedAt).toISOString()}_`, ''];
  for (const turn of conversation.turns) {
    if (turn.role === 'user') {
      lines.push('## You', '');
      if (turn.context?.length) lines.push(`_Context: ${turn.context.join(', ')}_`, '');
      lines.push(turn.text, '');
      continue;
    }
    const meta = turn.meta;
    lines.push(`## Gearshift${meta ? ` (${meta.model})` : ''}`, '');
    if (turn.text) lines.push(turn.text, '');
    if (turn.error) lines.push(`> **Error:** ${turn.error.message}`, '');
    if (turn.status === 'stopped') lines.push('_(stopped)_', '');
    if (meta) {
      lines.push(`_${meta.promptTokens} prompt + ${meta.completionTokens} completion tokens · $${meta.costUsd.toFixed(4)} · ${(meta.latencyMs / 1000).toFixed(1)} s_`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
