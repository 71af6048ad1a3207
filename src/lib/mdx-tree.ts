/** Small helpers for walking MDX syntax trees without extra dependencies. */
import type { Node, Parent } from 'unist';

/** Every node of `tree` in document order, depth first. */
export function* walk(tree: Node): Generator<Node> {
  yield tree;
  const children = (tree as Parent).children;
  if (Array.isArray(children)) for (const child of children) yield* walk(child);
}

/** An MDX JSX element (`<Name … />`), flow or text. */
export interface JsxElement extends Node {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: Array<{ type: string; name?: string; value?: unknown }>;
}

/** True when `node` is the MDX element `<name …>`. */
export function isJsxElement(node: Node, name: string): node is JsxElement {
  return (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && (node as JsxElement).name === name;
}

/** The string value of a literal attribute (`key="value"`), or null when absent or an expression. */
export function stringAttribute(node: JsxElement, key: string): string | null {
  const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === key);
  return attribute && typeof attribute.value === 'string' ? attribute.value : null;
}

/** Set (or replace) a literal attribute. */
export function setAttribute(node: JsxElement, key: string, value: string): void {
  node.attributes = node.attributes.filter((a) => !(a.type === 'mdxJsxAttribute' && a.name === key));
  node.attributes.push({ type: 'mdxJsxAttribute', name: key, value });
}

/** `path:line:column` of a node, for build errors a writer can jump to. */
export function where(file: { path?: string; history?: string[] }, node: Node): string {
  const path = file.path ?? file.history?.[0] ?? '<mdx>';
  const start = node.position?.start;
  return start ? `${path}:${start.line}:${start.column}` : path;
}
