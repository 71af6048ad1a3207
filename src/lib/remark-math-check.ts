/**
 * Remark plugin, after remark-math and the equation numbering: render every formula once
 * with KaTeX in strict, throwing mode, so that a formula KaTeX cannot render stops the
 * build with the file and the formula's line (rehype-katex alone would ship red text).
 */
import katex from 'katex';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { KATEX_OPTIONS } from './katex-options';
import { walk, where } from './mdx-tree';

export function checkMath(tree: Root, file: VFile): void {
  const errors: string[] = [];
  for (const node of walk(tree)) {
    if (node.type !== 'math' && node.type !== 'inlineMath') continue;
    const value = (node as unknown as { value: string }).value;
    try {
      katex.renderToString(value, { ...KATEX_OPTIONS, displayMode: node.type === 'math', throwOnError: true });
    } catch (error) {
      errors.push(`${where(file, node)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors.length > 0) throw new Error(`KaTeX could not render ${errors.length} formula(s):\n${errors.join('\n')}`);
}

export function remarkMathCheck() {
  return (tree: Root, file: VFile) => checkMath(tree, file);
}
