/**
 * The frontmatter every chapter must have. Kept apart from `src/content.config.ts` so
 * that unit tests can check it without Astro's virtual modules.
 */
import { z } from 'astro/zod';

export const chapterSchema = z.object({
  /** Shown as the page's h1 and in the chapter list. */
  title: z.string().min(1),
  /** Position in the tutorial, 1-based; also the first part of equation numbers. */
  order: z.number().int().positive(),
  /** One or two sentences for the landing page and the page description. */
  summary: z.string().min(1),
  /** Estimated reading time in minutes. */
  readingTime: z.number().positive(),
});

export type ChapterFrontmatter = z.infer<typeof chapterSchema>;
