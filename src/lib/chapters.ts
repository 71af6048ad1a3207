/** The chapters in reading order: the one place that order is decided (frontmatter `order`). */
import { type CollectionEntry, getCollection } from 'astro:content';
import { DEFAULT_LOCALE, type Locale, localizedPath } from '../i18n/locales';

/** The content collection that holds each language's chapters (see src/content.config.ts). */
const COLLECTION = { en: 'chapters', 'zh-cn': 'chaptersZhCn' } as const satisfies Record<Locale, string>;

export type Chapter = CollectionEntry<(typeof COLLECTION)[Locale]>;

/** The chapters of `locale` (English by default), in reading order. */
export async function chaptersInOrder(locale: Locale = DEFAULT_LOCALE): Promise<Chapter[]> {
  const chapters: Chapter[] = await getCollection(COLLECTION[locale]);
  chapters.sort((a, b) => a.data.order - b.data.order);
  const orders = chapters.map((c) => c.data.order);
  const repeated = orders.find((o, i) => orders.indexOf(o) !== i);
  if (repeated !== undefined) throw new Error(`Two chapters have order ${repeated}`);
  return chapters;
}

/** The language a chapter is written in, from its collection. */
export const chapterLocale = (chapter: Chapter): Locale => (chapter.collection === 'chaptersZhCn' ? 'zh-cn' : 'en');

/** The address of a chapter page, in the chapter's own language. */
export const chapterHref = (chapter: Chapter) => localizedPath(chapterLocale(chapter), `/chapters/${chapter.id}/`);

/**
 * The title ("Chapter 3: …") and address of the chapter with slug `slug`, at heading
 * `section` if given; an unknown slug fails the build, naming the chapters there are.
 */
export async function chapterLink(slug: string, section?: string): Promise<{ title: string; href: string }> {
  const chapters = await chaptersInOrder();
  const chapter = chapters.find((c) => c.id === slug);
  if (!chapter)
    throw new Error(`No chapter with slug "${slug}"; the chapters are ${chapters.map((c) => c.id).join(', ')}`);
  return {
    title: `Chapter ${chapter.data.order}: ${chapter.data.title}`,
    href: chapterHref(chapter) + (section ? `#${section}` : ''),
  };
}
