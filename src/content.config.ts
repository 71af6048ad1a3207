import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';

/** `NN-slug.mdx` → id `slug`, so a chapter and its translation share their slug. */
const slugOf = ({ entry }: { entry: string }) => entry.replace(/\.mdx$/, '').replace(/^\d+-/, '');

/** The chapters of one language, from `base` (the same schema for every language). */
const chapterCollection = (base: string) =>
  defineCollection({ loader: glob({ pattern: '*.mdx', base, generateId: slugOf }), schema: chapterSchema });

/** English `content/chapters/` at `/chapters/slug/`; Chinese `content/zh-cn/chapters/` at `/zh-cn/chapters/slug/`. */
export const collections = {
  chapters: chapterCollection('./content/chapters'),
  chaptersZhCn: chapterCollection('./content/zh-cn/chapters'),
};
