/**
 * The Content-Security-Policy, written into every built page as a `<meta http-equiv>` tag after the
 * build (an Astro integration, `astro:build:done`), with the SHA-256 hash of each inline script of
 * that page: the theme line in `<head>` and the theme toggle and language switch handler at the
 * end of `<body>`. Nothing else may run: scripts only from the site's own origin or by hash, no
 * `eval`, WebAssembly compiled only through 'wasm-unsafe-eval', workers only from the origin.
 *
 * Styles allow 'unsafe-inline' because the math and the charts need it: KaTeX positions every
 * glyph with `style="…"` attributes, and Observable Plot gives each chart a `<style>` element and
 * `style` attributes, also when a widget redraws its chart in the browser. No script can be
 * injected through a style.
 *
 * Astro 5's own `experimental.csp` is not used: it always adds hashes to `style-src`, which makes
 * browsers ignore 'unsafe-inline' there and so blocks KaTeX's style attributes, and it does not
 * hash `is:inline` scripts.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** An inline `<script>` (no `src`) and its text, exactly as the browser will hash it. */
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
/** An inline event handler (`onclick="…"`) inside a tag: the policy forbids them, so the build does too. */
const HANDLER = /<[a-z][a-z0-9-]*(?:\s[^>]*?)?\son[a-z]+\s*=/i;
/** Script types that the browser does not run (data blocks need no hash). */
const DATA_TYPE = /\btype\s*=\s*["']?application\/(ld\+)?json/i;

/** The hash source of `text` for a CSP, e.g. `'sha256-…'`. */
export const cspHash = (text: string): string =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hashes of the inline scripts of one HTML page, in order of appearance, without repeats. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = '', text = ''] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || DATA_TYPE.test(attributes)) continue;
    hashes.add(cspHash(text));
  }
  return [...hashes];
}

/** The policy of a page whose inline scripts have `hashes`. */
export function policy(hashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${hashes.map((h) => ` ${h}`).join('')}`,
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    // Figures are files of the site; the Lab shows the reader's image from a blob: or data: address.
    "img-src 'self' data: blob:",
    // KaTeX's fonts are files of the site, except the smallest, which Vite inlines as a data: address.
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** `html` with the policy as the first element of `<head>`, before any script; `file` names it in errors. */
export function withPolicy(html: string, file: string): string {
  const handler = html.match(HANDLER);
  if (handler) throw new Error(`${file}: inline event handler in "${handler[0]}"; the CSP forbids them`);
  if (/http-equiv=["']?content-security-policy/i.test(html)) throw new Error(`${file}: already has a CSP meta tag`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(html))}">`;
  const head = html.match(/<head\b[^>]*>/i);
  if (!head || head.index === undefined) throw new Error(`${file}: no <head> to put the CSP in`);
  const charset = html.slice(head.index).match(/^<head\b[^>]*>\s*<meta charset=["']?utf-8["']?\s*\/?>/i);
  const at = head.index + (charset ? charset[0].length : head[0].length);
  return html.slice(0, at) + meta + html.slice(at);
}

async function* htmlFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** The integration: after the build, every HTML file gets its policy. */
export function contentSecurityPolicy(): AstroIntegration {
  return {
    name: 'partial-ce:csp',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        let pages = 0;
        for await (const file of htmlFiles(fileURLToPath(dir))) {
          await writeFile(file, withPolicy(await readFile(file, 'utf8'), file));
          pages++;
        }
        logger.info(`Content-Security-Policy written into ${pages} pages`);
      },
    },
  };
}
