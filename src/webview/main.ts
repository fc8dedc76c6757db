// Placeholder: the chat page lands with the chat issue.
export {};
