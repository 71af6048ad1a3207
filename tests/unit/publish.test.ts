/** The build's publishing helpers: the CSP written into each page, and base-path links in the prose. */
import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { cspHash, inlineScriptHashes, policy, withPolicy } from '../../src/lib/csp';
import { rehypeBaseLinks } from '../../src/lib/rehype-base-links';

const page = (body: string) =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>${body}</body></html>`;

describe('content security policy', () => {
  it('hashes each inline script exactly, and no external script or data block', () => {
    const html = page(
      '<script>a()</script><script type="module" src="/x.js"></script><script>a()</script><script type="application/ld+json">{}</script>',
    );
    expect(inlineScriptHashes(html)).toEqual([cspHash('a()')]);
    // The hash of "alert('hi')" as browsers compute it (SHA-256, base64).
    expect(cspHash("alert('hi')")).toBe("'sha256-XTqNqFSUlZHAW7f/OGNYSOEzxKhjdAAGMXoid2VEbJk='");
  });

  it('is strict: scripts from the origin or by hash, WASM but no eval, workers from the origin', () => {
    const p = policy([cspHash('a()')]);
    expect(p).toContain("default-src 'self'");
    expect(p).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'(;|$)/);
    expect(p).toContain("worker-src 'self'");
    expect(p.match(/'unsafe-eval'/)).toBeNull();
    expect(p).toContain("object-src 'none'");
  });

  it('goes first in <head>, right after the charset, and refuses inline event handlers', () => {
    const html = withPolicy(page('<script>a()</script>'), 'x.html');
    expect(html).toMatch(
      /^<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="[^"]+'sha256-/,
    );
    expect(() => withPolicy(page('<button onclick="a()">b</button>'), 'x.html')).toThrow(/inline event handler/);
  });
});

describe('base-path links in the prose', () => {
  const tree = (): Root => ({
    type: 'root',
    children: ['/chapters/two-losses/#eq-1', '#eq-2', 'https://example.org/', '//cdn.example/', 'relative/'].map(
      (href) => ({
        type: 'element',
        tagName: 'a',
        properties: { href },
        children: [],
      }),
    ),
  });
  const hrefs = (root: Root) => root.children.map((c) => (c.type === 'element' ? c.properties.href : undefined));

  it('prefixes root-relative links only', () => {
    const root = tree();
    rehypeBaseLinks({ base: '/partial-ce/' })(root);
    expect(hrefs(root)).toEqual([
      '/partial-ce/chapters/two-losses/#eq-1',
      '#eq-2',
      'https://example.org/',
      '//cdn.example/',
      'relative/',
    ]);
  });

  it('does nothing at the root of the host', () => {
    const root = tree();
    rehypeBaseLinks({ base: '/' })(root);
    expect(hrefs(root)[0]).toBe('/chapters/two-losses/#eq-1');
  });
});
