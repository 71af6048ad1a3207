/**
 * Rehype plugin: put the site's base path (astro.config.mjs `base`, from BASE_PATH) in front of
 * every root-relative address the prose writes, so that a chapter's `[chapter 2](/chapters/two-losses/)`
 * still lands on chapter 2 when the site is served under `/partial-ce/`. In-page (`#…`), relative,
 * protocol-relative (`//host`) and absolute addresses are left alone.
 */
import type { Element, Root } from 'hast';

/** The attributes that hold an address, by element. */
const ADDRESS: Record<string, string> = { a: 'href', img: 'src', source: 'src', link: 'href' };

function visit(node: Root | Element, prefix: string): void {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const name = ADDRESS[child.tagName];
    const value = name ? child.properties?.[name] : undefined;
    if (name && typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) {
      if (value !== prefix && !value.startsWith(`${prefix}/`)) child.properties[name] = `${prefix}${value}`;
    }
    visit(child, prefix);
  }
}

/** `base` is the configured base path (`/` or `/partial-ce/`); at the root of the host the plugin does nothing. */
export function rehypeBaseLinks(options: { base?: string } = {}) {
  const prefix = (options.base ?? '/').replace(/\/+$/, '');
  return (tree: Root) => {
    if (prefix !== '') visit(tree, prefix);
  };
}
