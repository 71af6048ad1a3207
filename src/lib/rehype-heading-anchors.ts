/**
 * Rehype plugin, after heading ids exist: give every h2–h4 a visible link to itself.
 * The link has no text node (its mark is drawn by CSS), so the heading's text, which
 * Astro collects for the table of contents, stays clean.
 */
import type { Element, Root, RootContent } from 'hast';

const LEVELS = new Set(['h2', 'h3', 'h4']);

function textOf(node: Element | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function visit(node: Root | Element): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const id = child.properties?.id;
    const isFootnoteLabel = child.properties?.id === 'footnote-label';
    if (LEVELS.has(child.tagName) && typeof id === 'string' && !isFootnoteLabel) {
      child.children.push({
        type: 'element',
        tagName: 'a',
        properties: {
          className: ['heading-anchor'],
          href: `#${id}`,
          ariaLabel: `Link to the section “${textOf(child).trim()}”`,
        },
        children: [],
      });
    }
    visit(child);
  }
}

export function rehypeHeadingAnchors() {
  return (tree: Root) => visit(tree);
}
