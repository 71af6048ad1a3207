// @ts-check

import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig, envField } from 'astro/config';
import rehypeKatex from 'rehype-katex';
import remarkMath from 'remark-math';
import { DEFAULT_LOCALE, LOCALES } from './src/i18n/locales.ts';
import { contentSecurityPolicy } from './src/lib/csp.ts';
import { KATEX_OPTIONS } from './src/lib/katex-options.ts';
import { offline } from './src/lib/offline.ts';
import { rehypeBaseLinks } from './src/lib/rehype-base-links.ts';
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

/**
 * Where the site is published, read at build time (README, "Publishing"): SITE_URL is the origin
 * (canonical and hreflang addresses, the sitemap, robots.txt, the citation), BASE_PATH the path it
 * is served under, e.g. `/partial-ce/` for a GitHub Pages project site. OUT_DIR lets a test build a
 * second copy beside dist/.
 */
const SITE_URL = process.env.SITE_URL || 'http://localhost:4321';
const BASE_PATH = `/${(process.env.BASE_PATH ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

export default defineConfig({
  site: SITE_URL,
  base: BASE_PATH,
  outDir: process.env.OUT_DIR || './dist',
  trailingSlash: 'ignore',
  integrations: [
    mdx(),
    sitemap({
      i18n: { defaultLocale: DEFAULT_LOCALE, locales: { en: 'en', 'zh-cn': 'zh-CN' } },
      filter: (page) => !/\/404\/?$/.test(new URL(page).pathname),
    }),
    contentSecurityPolicy(),
    // After the CSP, so that the service worker precaches the pages as they are served.
    offline(),
  ],
  env: {
    schema: {
      // The repository for the chapters' "edit this page" and "report an error" links; none when unset.
      REPO_URL: envField.string({ context: 'server', access: 'public', optional: true, url: true }),
      REPO_BRANCH: envField.string({ context: 'server', access: 'public', default: 'main' }),
    },
  },
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
      [rehypeBaseLinks, { base: BASE_PATH }],
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
