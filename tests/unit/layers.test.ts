/**
 * The floor plan of DESIGN.md as a test: it reads the imports of every .ts, .astro and .mjs
 * file under src/ and scripts/ (and the chapters' .mdx) and fails on an arrow the layers forbid, naming the file, the
 * import and (for tfjs) the chain of imports that pulls it in.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Layer → folders (relative to the repository root). Rename a folder here, not in the rules. */
const LAYERS = {
  core: ['src/core'],
  labPage: ['src/lab-page'],
  worker: ['src/worker'],
  widgets: ['src/widgets'],
  components: ['src/components'],
  pages: ['src/pages'],
  layouts: ['src/layouts'],
  lib: ['src/lib'],
  styles: ['src/styles'],
  scripts: ['scripts'],
  content: ['content'],
} as const;

type Layer = keyof typeof LAYERS;

/** Code that runs on the page's main thread (or renders it): it must never load tfjs. */
const MAIN_THREAD: readonly Layer[] = ['widgets', 'components', 'pages', 'layouts', 'lib', 'content'];

/** Packages the main thread must not reach, directly or through any chain of imports. */
const HEAVY_PACKAGE = /^@tensorflow\//;

interface Rule {
  from: Layer;
  never: readonly Layer[];
  why: string;
}

/** Direct imports each layer may not make. */
const RULES: readonly Rule[] = [
  {
    from: 'core',
    never: ['labPage', 'widgets', 'worker', 'pages', 'lib', 'styles', 'components', 'layouts'],
    why: 'the core runs in Node and in a Worker, without the site',
  },
  {
    from: 'labPage',
    never: ['widgets', 'worker', 'pages', 'lib', 'styles', 'components', 'layouts'],
    why: 'the Lab page’s models run in Node tests, without the DOM',
  },
  {
    from: 'worker',
    never: ['widgets', 'components', 'pages', 'layouts'],
    why: 'the worker hosts the core; the page talks to it by messages',
  },
  { from: 'scripts', never: ['widgets'], why: 'scripts run in Node, where the widgets’ DOM code does not belong' },
];

const ROOT = resolve(import.meta.dirname, '..', '..');
// The chapters place widgets and figures, so their imports are main-thread code too.
const SCANNED = ['src', 'scripts', 'content'];
const CODE = /\.(ts|astro|mjs|mdx)$/;
const EXTENSIONS = ['', '.ts', '.mjs', '.js', '.astro', '/index.ts'];

/** One import: where it points (a repository path, or `pkg:<name>` for a package) and how it is written. */
interface Edge {
  to: string;
  spec: string;
}

/** The import graph: repository path → its imports (only code files have entries). */
type Graph = Map<string, Edge[]>;

/** Comments out of the way (block comments and whole-line `//` comments), so that prose about imports is not read as one. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The module specifiers a file loads: static imports and re-exports (not `import type`), side-effect imports and `import('…')`. */
function importSpecifiers(text: string): string[] {
  const code = stripComments(text);
  const out: string[] = [];
  const statement = /(?:^|[\s;{}])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"\n]+)['"]/g;
  for (const m of code.matchAll(statement)) {
    // `import type` vanishes from the bundle; `import { type A }` may not, so it counts.
    if (!m[2]) out.push(m[3] as string);
  }
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g)) out.push(m[1] as string);
  return out;
}

/** Where a specifier of `file` points: a repository path, `pkg:<name>`, or null (a non-code asset that is not there). */
function resolveSpecifier(file: string, spec: string): string | null {
  const bare = spec.replace(/\?.*$/, '');
  if (!bare.startsWith('.') && !bare.startsWith('/')) {
    const parts = bare.split('/');
    return `pkg:${bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  const base = resolve(ROOT, dirname(file), bare);
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(ROOT, candidate).split('\\').join('/');
  }
  return null;
}

function listCode(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && CODE.test(d.name))
    .map((d) => relative(ROOT, join(d.parentPath, d.name)).split('\\').join('/'));
}

/** The import graph of every code file under the scanned folders, and of every code file they reach. */
function buildGraph(): Graph {
  const graph: Graph = new Map();
  const queue = SCANNED.flatMap(listCode);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.has(file)) continue;
    const edges: Edge[] = [];
    for (const spec of importSpecifiers(readFileSync(join(ROOT, file), 'utf8'))) {
      const to = resolveSpecifier(file, spec);
      if (to === null) throw new Error(`${file}: cannot resolve import '${spec}'`);
      edges.push({ to, spec });
      if (!to.startsWith('pkg:') && CODE.test(to) && !graph.has(to)) queue.push(to);
    }
    graph.set(file, edges);
  }
  return graph;
}

/** The layer of a repository path under the table, or null. */
function layerOf(path: string, layers: Record<Layer, readonly string[]>): Layer | null {
  for (const [layer, folders] of Object.entries(layers) as [Layer, readonly string[]][]) {
    if (folders.some((folder) => path === folder || path.startsWith(`${folder}/`))) return layer;
  }
  return null;
}

/** Every forbidden arrow of the graph, as readable lines: direct rule breaks and chains from the main thread to a heavy package. */
function violations(graph: Graph, layers: Record<Layer, readonly string[]>): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    const from = layerOf(file, layers);
    const rule = RULES.find((r) => r.from === from);
    if (!rule) continue;
    for (const edge of edges) {
      const to = layerOf(edge.to, layers);
      if (to && rule.never.includes(to)) found.push(`${file} imports '${edge.spec}' (${from} → ${to}): ${rule.why}`);
    }
  }
  // Breadth-first from each main-thread file, so the chain reported is a shortest one.
  for (const start of graph.keys()) {
    const layer = layerOf(start, layers);
    if (!layer || !MAIN_THREAD.includes(layer)) continue;
    const via = new Map<string, string | null>([[start, null]]);
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift() as string;
      const heavy = (graph.get(file) ?? []).find((e) => e.to.startsWith('pkg:') && HEAVY_PACKAGE.test(e.to.slice(4)));
      if (heavy) {
        const chain = [heavy.to.slice(4)];
        for (let at: string | null = file; at !== null; at = via.get(at) ?? null) chain.unshift(at);
        found.push(`${start} (${layer}, main thread) reaches ${chain.at(-1)}: ${chain.join(' → ')}`);
        break;
      }
      for (const edge of graph.get(file) ?? []) {
        if (edge.to.startsWith('pkg:') || via.has(edge.to)) continue;
        via.set(edge.to, file);
        queue.push(edge.to);
      }
    }
  }
  return found;
}

describe('the import scanner', () => {
  it('reads static, side-effect, re-export and dynamic imports, and skips type-only imports and comments', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs-core';",
      "import type { Settings } from './settings';",
      "import { type Rgb, drawMap } from './draw';",
      "import {\n  a,\n  b,\n} from './many';",
      "import './site.css';",
      "export { GREY } from '../styles/palette';",
      "const load = () => import('./controller');",
      "// import { nope } from './commented';",
      "/* import { nope } from './block'; */",
      "const text = 'import nothing';",
      "const worker = new Worker(new URL('./training.worker.ts', import.meta.url));",
    ].join('\n');
    expect(importSpecifiers(text).sort()).toEqual(
      ['../styles/palette', './controller', './draw', './many', './site.css', '@tensorflow/tfjs-core'].sort(),
    );
  });

  it('reads the frontmatter and the client script of an .astro file', () => {
    const text =
      "---\nimport Base from '../layouts/Base.astro';\n---\n<Base />\n<script>\n  import './element';\n</script>\n";
    expect(importSpecifiers(text)).toEqual(['../layouts/Base.astro', './element']);
  });
});

describe('the rules catch a forbidden arrow (self-check on a synthetic graph)', () => {
  const layers: Record<Layer, readonly string[]> = { ...LAYERS };
  const graph: Graph = new Map([
    ['src/core/train.ts', [{ to: 'pkg:@tensorflow/tfjs-core', spec: '@tensorflow/tfjs-core' }]],
    ['src/core/bad.ts', [{ to: 'src/widgets/shared/draw.ts', spec: '../widgets/shared/draw' }]],
    ['src/worker/bad.ts', [{ to: 'src/widgets/x.ts', spec: '../widgets/x' }]],
    ['scripts/bad.ts', [{ to: 'src/widgets/shared/draw.ts', spec: '../src/widgets/shared/draw' }]],
    ['src/widgets/a.ts', [{ to: 'src/widgets/b.ts', spec: './b' }]],
    ['src/widgets/b.ts', [{ to: 'src/core/train.ts', spec: '../core/train' }]],
    ['src/widgets/shared/draw.ts', [{ to: 'src/styles/palette.ts', spec: '../../styles/palette' }]],
    ['src/styles/palette.ts', []],
    ['src/widgets/x.ts', []],
    ['src/worker/good.ts', [{ to: 'src/core/train.ts', spec: '../core/train' }]],
  ]);
  const found = violations(graph, layers);

  it('finds each direct break', () => {
    expect(found.some((v) => v.startsWith('src/core/bad.ts') && v.includes('core → widgets'))).toBe(true);
    expect(found.some((v) => v.startsWith('src/worker/bad.ts') && v.includes('worker → widgets'))).toBe(true);
    expect(found.some((v) => v.startsWith('scripts/bad.ts') && v.includes('scripts → widgets'))).toBe(true);
  });

  it('follows a chain from the main thread to tfjs', () => {
    expect(found).toContain(
      'src/widgets/a.ts (widgets, main thread) reaches @tensorflow/tfjs-core: src/widgets/a.ts → src/widgets/b.ts → src/core/train.ts → @tensorflow/tfjs-core',
    );
  });

  it('allows what the rules allow', () => {
    expect(
      found.filter(
        (v) =>
          v.startsWith('src/worker/good.ts') ||
          v.startsWith('src/widgets/shared/draw.ts') ||
          v.startsWith('src/core/train.ts'),
      ),
    ).toEqual([]);
    expect(found).toHaveLength(5);
  });
});

describe('layer rules of the source tree', () => {
  const graph = buildGraph();

  it('scans every layer of the table', () => {
    for (const [layer, folders] of Object.entries(LAYERS)) {
      const files = [...graph.keys()].filter((f) => folders.some((folder) => f.startsWith(`${folder}/`)));
      expect(files.length, `no code found for layer ${layer} in ${folders.join(', ')}`).toBeGreaterThan(0);
    }
  });

  it('has no forbidden import', () => {
    expect(violations(graph, LAYERS)).toEqual([]);
  });
});
