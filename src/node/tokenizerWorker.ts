// Placeholder: the tokenizer worker lands with the foundation's tokenizer.
export {};
