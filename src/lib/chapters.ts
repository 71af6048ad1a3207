/** The chapters in reading order: the one place that order is decided (frontmatter `order`). */
import { type CollectionEntry, getCollection } from 'astro:content';

export type Chapter = CollectionEntry<'chapters'>;

export async function chaptersInOrder(): Promise<Chapter[]> {
  const chapters = await getCollection('chapters');
  chapters.sort((a, b) => a.data.order - b.data.order);
  const orders = chapters.map((c) => c.data.order);
  const repeated = orders.find((o, i) => orders.indexOf(o) !== i);
  if (repeated !== undefined) throw new Error(`Two chapters have order ${repeated}`);
  return chapters;
}

/** The address of a chapter page. */
export const chapterHref = (chapter: Chapter) => `/chapters/${chapter.id}/`;

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
