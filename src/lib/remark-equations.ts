/**
 * Remark plugin: equation numbers and references.
 *
 * In display math, `\label{name}` at the end of a row becomes that row's number,
 * `\tag{C.k}` with C the chapter's `order` and k counting labels through the chapter,
 * wrapped in `\htmlId{eq-name}{…}` so the number is a link target. `<EqRef to="name" />`
 * in the prose gets the number as its `n` attribute. Numbers are never typed by hand, so
 * they cannot drift; an unknown or repeated name stops the build with the file and line.
 *
 * Write multi-row derivations in `align*` (KaTeX numbers plain `align` rows itself).
 */
import type { Root } from 'mdast';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { isJsxElement, setAttribute, stringAttribute, walk, where } from './mdx-tree';

interface MathNode extends Node {
  type: 'math' | 'inlineMath';
  value: string;
  data?: { hChildren?: Node[] };
}

interface AstroData {
  astro?: { frontmatter?: Record<string, unknown> };
}

const LABEL = /\\label\{([^{}]*)\}/g;
const HAS_LABEL = /\\label\{/;
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Replace the text of the hast children remark-math prepared, so rehype-katex sees the new value. */
function setMathText(node: MathNode, value: string): void {
  node.value = value;
  const stack = [...(node.data?.hChildren ?? [])];
  while (stack.length > 0) {
    const child = stack.pop() as Node & { value?: string; children?: Node[] };
    if (child.type === 'text') child.value = value;
    if (child.children) stack.push(...child.children);
  }
}

/** Number the labelled rows of one document; returns name → number, in order. */
export function numberEquations(tree: Root, file: VFile, chapter: number | string): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const node of walk(tree)) {
    if (node.type !== 'math' && node.type !== 'inlineMath') continue;
    const math = node as MathNode;
    if (/\\begin\{(align|equation|gather)\}/.test(math.value)) {
      throw new Error(
        `${where(file, node)}: use align*, equation* or gather* with \\label{…}; the site numbers equations itself`,
      );
    }
    if (!HAS_LABEL.test(math.value)) continue;
    if (node.type === 'inlineMath') throw new Error(`${where(file, node)}: \\label only works in display math`);
    const value = math.value.replace(LABEL, (_, name: string) => {
      if (!NAME.test(name))
        throw new Error(`${where(file, node)}: equation name "${name}" must be lower-case-with-dashes`);
      if (numbers.has(name)) throw new Error(`${where(file, node)}: equation name "${name}" is used twice`);
      const number = `${chapter}.${numbers.size + 1}`;
      numbers.set(name, number);
      return `\\tag{\\htmlId{eq-${name}}{${number}}}`;
    });
    setMathText(math, value);
  }
  for (const node of walk(tree)) {
    if (!isJsxElement(node, 'EqRef')) continue;
    const to = stringAttribute(node, 'to');
    if (to === null) throw new Error(`${where(file, node)}: <EqRef> needs a literal to="…" attribute`);
    const number = numbers.get(to);
    if (!number) throw new Error(`${where(file, node)}: <EqRef to="${to}"> names no \\label{${to}} in this chapter`);
    setAttribute(node, 'n', number);
  }
  return numbers;
}

export function remarkEquations() {
  return (tree: Root, file: VFile) => {
    const data = file.data as AstroData;
    const order = data.astro?.frontmatter?.order;
    numberEquations(tree, file, typeof order === 'number' ? order : '?');
  };
}
