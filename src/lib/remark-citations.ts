/**
 * Remark plugin: numbers `<Cite id="…" />` elements in order of first appearance and
 * checks every id against `content/references.ts`.
 *
 * Each `<Cite>` gets an `n` attribute (its number); the ordered ids go to the chapter's
 * frontmatter as `citations`, where the page reads them to print the bibliography. An
 * unknown or missing id stops the build with the file and line.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { isReferenceKey } from '../../content/references';
import { isJsxElement, setAttribute, stringAttribute, walk, where } from './mdx-tree';

interface AstroData {
  astro?: { frontmatter?: Record<string, unknown> };
}

/** Number the citations of one document; returns the cited ids in order. */
export function numberCitations(tree: Root, file: VFile): string[] {
  const order: string[] = [];
  for (const node of walk(tree)) {
    if (!isJsxElement(node, 'Cite')) continue;
    const id = stringAttribute(node, 'id');
    if (id === null) throw new Error(`${where(file, node)}: <Cite> needs a literal id="…" attribute`);
    if (!isReferenceKey(id)) {
      throw new Error(`${where(file, node)}: <Cite id="${id}"> names no entry of content/references.ts`);
    }
    if (!order.includes(id)) order.push(id);
    setAttribute(node, 'n', String(order.indexOf(id) + 1));
  }
  return order;
}

export function remarkCitations() {
  return (tree: Root, file: VFile) => {
    const citations = numberCitations(tree, file);
    const data = file.data as AstroData;
    data.astro ??= {};
    data.astro.frontmatter ??= {};
    data.astro.frontmatter.citations = citations;
  };
}
