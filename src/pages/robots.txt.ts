/**
 * robots.txt, written at build time so that its sitemap address carries SITE_URL and BASE_PATH
 * (astro.config.mjs). Crawlers read it only at the root of a host: under a base path, copy it there.
 */
import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ site }) => {
  const sitemap = new URL(`${import.meta.env.BASE_URL.replace(/\/+$/, '')}/sitemap-index.xml`, site);
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap.href}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
};
