/**
 * The site chrome in every language: header, footer, skip link, chapter page furniture.
 * Prose lives in the chapters; widget and Lab strings are not here. A template's `{name}`
 * is filled by `fill`. Chinese must have every English key (`satisfies`), so a missing
 * string fails the type check.
 */
import type { Locale } from './locales';

const en = {
  siteName: 'Partial cross-entropy, explained',
  siteDescription:
    'Why training a segmenter on scribbles with plain cross-entropy erases the foreground, and how partial cross-entropy fixes it.',
  skipLink: 'Skip to the content',
  navLabel: 'Site',
  navChapters: 'Chapters',
  navLab: 'Lab',
  navGlossary: 'Glossary',
  themeToggleTitle: 'Switch between light and dark theme',
  themeToggleText: 'Dark theme',
  languageSwitchTitle: 'Read this page in English',
  languageHomeTitle: 'Go to the English edition',
  footerHtml:
    'Every number on these pages comes from a seeded run of the lab in <code>src/core/</code>; each caption names its\n        seed and settings. Regenerate the figures with <code>npm run figures</code>.',
  chapterKicker: 'Chapter {n}',
  readingTime: 'About {n} minutes to read',
  tocTitle: 'On this page',
  notes: 'Notes',
  references: 'References',
  pagerLabel: 'Previous and next chapter',
  pagerPrevious: '← Chapter {n}',
  pagerNext: 'Chapter {n} →',
  headingAnchor: 'Link to the section “{title}”',
  footnoteBack: 'Back to the text of note {n}',
  noYear: 'n.d.',
  updateReady: 'A new version of this site is ready.',
  updateReload: 'Reload',
  footerLicenseHtml:
    'Text and figures are licensed under <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>; the code is under the MIT licence.',
  citeTitle: 'How to cite',
  citeIntro: 'If these pages help your work, please cite them as:',
  citeBibtex: 'BibTeX',
  editPage: 'Edit this page',
  reportError: 'Report an error',
  reportErrorTitle: 'Error in chapter {n}: {title}',
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no page at this address. It may have moved, or the link may have a typo.',
  notFoundHome: 'Go to the chapters',
} as const;

const zhCn = {
  siteName: '部分交叉熵详解',
  siteDescription: '为什么用普通交叉熵在涂鸦标注上训练分割模型会抹掉前景，部分交叉熵又是如何解决这个问题的。',
  skipLink: '跳到正文',
  navLabel: '站点',
  navChapters: '章节',
  navLab: '实验室',
  navGlossary: '术语表',
  themeToggleTitle: '在浅色与深色主题之间切换',
  themeToggleText: '深色主题',
  languageSwitchTitle: '阅读本页的中文版',
  languageHomeTitle: '前往中文版',
  footerHtml:
    '本站的每个数字都来自 <code>src/core/</code> 中实验室代码的一次固定种子运行，每条图注都写明了种子与设置。运行 <code>npm run figures</code> 可重新生成全部图表。',
  chapterKicker: '第 {n} 章',
  readingTime: '阅读约需 {n} 分钟',
  tocTitle: '本页目录',
  notes: '注释',
  references: '参考文献',
  pagerLabel: '上一章与下一章',
  pagerPrevious: '← 第 {n} 章',
  pagerNext: '第 {n} 章 →',
  headingAnchor: '链接到“{title}”一节',
  footnoteBack: '返回注释 {n} 所在的正文',
  noYear: '年份不详',
  updateReady: '本站有新版本可用。',
  updateReload: '重新载入',
  footerLicenseHtml:
    '正文与图表采用 <a href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans" rel="license">CC BY 4.0</a> 许可协议，代码采用 MIT 许可证。',
  citeTitle: '如何引用',
  citeIntro: '如果这些页面对你的工作有帮助，请按如下方式引用：',
  citeBibtex: 'BibTeX',
  editPage: '编辑本页',
  reportError: '报告错误',
  reportErrorTitle: '第 {n} 章有误：{title}',
  notFoundTitle: '找不到页面',
  notFoundText: '这个地址上没有页面。它可能已经移动，或者链接有拼写错误。',
  notFoundHome: '前往章节目录',
} satisfies Record<keyof typeof en, string>;

export type SiteKey = keyof typeof en;
export type SiteStrings = Record<SiteKey, string>;

/** Every language's chrome, keyed by locale. */
export const SITE_STRINGS: Record<Locale, SiteStrings> = { en, 'zh-cn': zhCn };

/** The chrome strings of `locale`. */
export const siteStrings = (locale: Locale): SiteStrings => SITE_STRINGS[locale];

/** `template` with each `{name}` replaced by `values[name]`; an unknown name is an error. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`fill: no value for {${name}} in "${template}"`);
    return String(value);
  });
}
