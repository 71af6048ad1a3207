/** The chapters in reading order: the one place that order is decided (frontmatter `order`). */
import { getCollection, type CollectionEntry } from 'astro:content';

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
