/**
 * Rehype plugin, after heading ids exist: give every h2–h4 a visible link to itself.
 * The link has no text node (its mark is drawn by CSS), so the heading's text, which
 * Astro collects for the table of contents, stays clean.
 */
import type { Element, Root, RootContent } from 'hast';
import { fill, siteStrings } from '../i18n/site';
import { fileLocale } from './rehype-locale';

const LEVELS = new Set(['h2', 'h3', 'h4']);

function textOf(node: Element | RootContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

function visit(node: Root | Element, label: string): void {
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
          ariaLabel: fill(label, { title: textOf(child).trim() }),
        },
        children: [],
      });
    }
    visit(child, label);
  }
}

/** The link's label is in the chapter file's language (src/i18n/site.ts). */
export function rehypeHeadingAnchors() {
  return (tree: Root, file: { path?: string; history?: string[] }) =>
    visit(tree, siteStrings(fileLocale(file)).headingAnchor);
}
