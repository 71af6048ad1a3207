/**
 * KaTeX options shared by the build (rehype-katex) and the unit tests.
 *
 * `\htmlId` is the one HTML extension allowed: the equation plugin uses it to put an
 * anchor on each numbered row. Every other non-standard input is an error.
 */
import type { KatexOptions } from 'katex';

export const KATEX_OPTIONS: Omit<KatexOptions, 'displayMode' | 'throwOnError'> = {
  trust: (context) => context.command === '\\htmlId',
  strict: (errorCode: string) => (errorCode === 'htmlExtension' ? 'ignore' : 'error'),
  output: 'htmlAndMathml',
};
