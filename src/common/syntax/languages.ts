// Which grammar parses which VS Code language, and the node types that play the same role in every
// grammar (blocks, statements, declarations), so the queries need no per-language code.

/** Grammar file names (tree-sitter-<name>.wasm in @vscode/tree-sitter-wasm). */
export type GrammarName = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java' | 'c-sharp' | 'cpp';

const GRAMMARS: Record<string, GrammarName> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  // The JavaScript grammar parses JSX too.
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  go: 'go',
  rust: 'rust',
  java: 'java',
  csharp: 'c-sharp',
  // There is no C grammar in the package; C is (nearly) a subset of what the C++ grammar accepts.
  c: 'cpp',
  cpp: 'cpp',
};

export const GRAMMAR_NAMES: readonly GrammarName[] = [...new Set(Object.values(GRAMMARS))];

export function grammarFor(languageId: string): GrammarName | undefined {
  return GRAMMARS[languageId];
}

/** Nodes whose children are statements or declarations, one after another. */
const BLOCK_TYPES = new Set([
  'program', 'module', 'source_file', 'translation_unit', 'compilation_unit',
  'block', 'statement_block', 'compound_statement', 'statement_list', 'class_body', 'interface_body',
  'enum_body', 'declaration_list', 'field_declaration_list', 'enum_member_declaration_list',
  'switch_body', 'switch_block', 'switch_case', 'switch_default', 'switch_section', 'switch_block_statement_group',
  'expression_case', 'default_case', 'type_case', 'communication_case', 'case_statement', 'case_clause',
  'constructor_body', 'object_type', 'namespace_body', 'file_scoped_namespace_declaration', 'else_clause',
]);

export function isBlock(type: string): boolean {
  return BLOCK_TYPES.has(type);
}

/** Nodes that hold the whole file. */
export function isRoot(type: string): boolean {
  return type === 'program' || type === 'module' || type === 'source_file' || type === 'translation_unit' || type === 'compilation_unit';
}

/** Tokens that are punctuation of a block rather than statements in it. */
export function isPunctuation(type: string): boolean {
  return !/\w/.test(type);
}

export function isComment(type: string): boolean {
  return type === 'comment' || type === 'line_comment' || type === 'block_comment' || type === 'doc_comment';
}

/** Decorators and attributes belong to the declaration that follows them. */
export function isAttachedAbove(type: string): boolean {
  return type === 'decorator' || type === 'attribute_item' || type === 'attribute_list' || type === 'annotation' || type === 'marker_annotation';
}

export type SymbolKind = 'function' | 'method' | 'class' | 'interface' | 'type' | 'enum' | 'namespace' | 'variable';

/** The kind of symbol a declaration node declares (undefined: not a declaration). */
export function declarationKind(type: string): SymbolKind | undefined {
  if (/^(?:function_declaration|function_definition|function_item|generator_function_declaration|function_signature)$/.test(type)) return 'function';
  if (/^(?:method_definition|method_declaration|method_signature|abstract_method_signature|constructor_declaration|destructor_declaration|operator_declaration)$/.test(type)) return 'method';
  if (/^(?:class_declaration|abstract_class_declaration|class_definition|class_specifier|struct_specifier|struct_item|struct_declaration|record_declaration|impl_item|union_item|union_specifier)$/.test(type)) return 'class';
  if (/^(?:interface_declaration|trait_item|annotation_type_declaration)$/.test(type)) return 'interface';
  if (/^(?:type_alias_declaration|type_declaration|type_item|type_definition|alias_declaration|delegate_declaration)$/.test(type)) return 'type';
  if (/^(?:enum_declaration|enum_item|enum_specifier)$/.test(type)) return 'enum';
  if (/^(?:internal_module|module|namespace_declaration|namespace_definition|mod_item|file_scoped_namespace_declaration)$/.test(type)) return 'namespace';
  if (/^(?:lexical_declaration|variable_declaration|const_declaration|var_declaration|const_item|static_item|let_declaration|field_declaration|public_field_definition|property_declaration|local_variable_declaration|short_var_declaration)$/.test(type)) return 'variable';
  return undefined;
}

/** Wrappers whose inner declaration carries the name (export, decorators, templates, Go's type specs). */
export function isDeclarationWrapper(type: string): boolean {
  return type === 'export_statement' || type === 'decorated_definition' || type === 'template_declaration' || type === 'ambient_declaration';
}
