/**
 * Rehype plugins that run after rehype-katex.
 *
 * - `rehypeFailOnMathErrors`: a safety net behind remark-math-check; any formula
 *   rehype-katex still reports stops the build instead of shipping red text.
 * - `rehypeScrollableMath`: display equations scroll sideways inside their own box on
 *   narrow screens; `tabindex="0"` lets keyboard users scroll them too.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';

export function rehypeFailOnMathErrors() {
  return (_tree: Root, file: VFile) => {
    const failures = file.messages.filter((m) => m.source === 'rehype-katex');
    if (failures.length === 0) return;
    const path = file.path ?? file.history[0] ?? '<mdx>';
    const lines = failures.map((m) => {
      const cause = m.cause instanceof Error ? m.cause.message : String(m.cause ?? m.reason);
      return `${path}:${m.line ?? '?'}:${m.column ?? '?'}: ${cause}`;
    });
    throw new Error(`KaTeX could not render ${failures.length} formula(s):\n${lines.join('\n')}`);
  };
}

function hasClass(node: Element, name: string): boolean {
  const className = node.properties?.className;
  return Array.isArray(className) && className.includes(name);
}

function markDisplays(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (hasClass(child, 'katex-display')) {
      child.properties.tabIndex = 0;
      continue;
    }
    markDisplays(child);
  }
}

export function rehypeScrollableMath() {
  return (tree: Root) => markDisplays(tree);
}
