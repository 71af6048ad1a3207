// @ts-check

import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { DEFAULT_LOCALE, LOCALES } from './src/i18n/locales.ts';
import { KATEX_OPTIONS } from './src/lib/katex-options.ts';
import { rehypeHeadingAnchors } from './src/lib/rehype-heading-anchors.ts';
import {
  rehypeKeepPunctuationWithMath,
  rehypeLocalizeFootnotes,
  rehypeTranslatedHeadingIds,
} from './src/lib/rehype-locale.ts';
import { rehypeFailOnMathErrors, rehypeScrollableMath } from './src/lib/rehype-math.ts';
import { remarkCitations } from './src/lib/remark-citations.ts';
import { remarkEquations } from './src/lib/remark-equations.ts';
import { remarkMathCheck } from './src/lib/remark-math-check.ts';

export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  // English at its own URLs, every other language under /<locale>/ (src/i18n/locales.ts).
  i18n: {
    defaultLocale: DEFAULT_LOCALE,
    locales: [...LOCALES],
    routing: { prefixDefaultLocale: false },
  },
  markdown: {
    remarkPlugins: [remarkMath, remarkCitations, remarkEquations, remarkMathCheck],
    rehypePlugins: [
      [rehypeKatex, KATEX_OPTIONS],
      rehypeFailOnMathErrors,
      rehypeKeepPunctuationWithMath,
      rehypeScrollableMath,
      rehypeTranslatedHeadingIds,
      rehypeLocalizeFootnotes,
      rehypeHeadingIds,
      rehypeHeadingAnchors,
    ],
    remarkRehype: {
      footnoteLabel: 'Notes',
      footnoteLabelTagName: 'h2',
      footnoteLabelProperties: { className: ['footnotes-title'] },
      footnoteBackLabel: (referenceIndex, rereferenceIndex) =>
        `Back to the text of note ${referenceIndex + 1}${rereferenceIndex > 1 ? ` (${rereferenceIndex})` : ''}`,
    },
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
  vite: {
    esbuild: { legalComments: 'none' },
    // ES-module workers (src/worker/client.ts starts them with type 'module'), so that the worker's
    // dynamic import of the WebGPU backend becomes its own chunk, loaded only when it is tried.
    worker: { format: 'es' },
  },
});
