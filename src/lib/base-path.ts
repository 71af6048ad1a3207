/**
 * The path the site is served under: astro.config.mjs `base`, set from BASE_PATH at build time
 * ('/' by default, '/partial-ce/' for a GitHub Pages project site). Every root-relative address
 * the site writes (links, the favicon, the Lab's messages) goes through `withBase`; Vite prefixes
 * the bundled assets, the worker and the WASM binaries itself.
 */

/** The base without its trailing slash: '' at the root of the host, '/partial-ce' under a path. */
export const basePrefix = (): string => (import.meta.env?.BASE_URL ?? '/').replace(/\/+$/, '');

/** A root-relative path (`/chapters/x/`) under the base; anything else (`#id`, `https://…`, `//host`) as it is. */
export const withBase = (path: string): string =>
  path.startsWith('/') && !path.startsWith('//') ? `${basePrefix()}${path}` : path;

/** A path without the base: `/partial-ce/lab/` → `/lab/`; a path outside the base as it is. */
export function withoutBase(path: string): string {
  const base = basePrefix();
  if (base === '' || (path !== base && !path.startsWith(`${base}/`))) return path;
  return path.slice(base.length) || '/';
}
