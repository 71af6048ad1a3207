import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';

/** `content/chapters/NN-slug.mdx` → id `slug`, served at `/chapters/slug/`. */
const chapters = defineCollection({
  loader: glob({
    pattern: '*.mdx',
    base: './content/chapters',
    generateId: ({ entry }) => entry.replace(/\.mdx$/, '').replace(/^\d+-/, ''),
  }),
  schema: chapterSchema,
});

export const collections = { chapters };
