// Child process for the kill -9 test: appends turns to one conversation as fast as it can, saving
// after every message, and prints "saved N" once save N has settled.
import { createConversation } from '../../../src/common/chat/conversation';
import { createConversationStore } from '../../../src/node/conversationStore';

async function main(): Promise<void> {
  const [dir, id] = process.argv.slice(2);
  const store = createConversationStore(dir);
  const conversation = (await store.load(id)) ?? createConversation(id, Date.now());
  for (let index = conversation.turns.length; ; index++) {
    conversation.turns.push({
      id: `turn-${index}`,
      role: index % 2 ? 'assistant' : 'user',
      // Big enough that a write takes a while, so kills land mid-write.
      text: `message ${index} ${'x'.repeat(20_000 + (index % 7) * 1000)}`,
      at: Date.now(),
      status: 'done',
    });
    conversation.updatedAt = Date.now();
    await store.save(conversation);
    process.stdout.write(`saved ${index + 1}\n`);
  }
}

void main();
