/**
 * The Lab's words (src/i18n/ui-lab.ts) in every language: the same keys, the same `{slots}`
 * and markup, and the Lab's messages built in Chinese when the page is Chinese.
 */
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/core/settings';
import { uiText } from '../../src/i18n/ui';
import { LAB_EN, LAB_ZH_CN } from '../../src/i18n/ui-lab';
import { checkFileSize, readImageHeader } from '../../src/lab-page/image';
import { readDocument, readHash } from '../../src/lab-page/lab-state';
import { PRESETS } from '../../src/lab-page/presets';
import { englishWords } from '../../src/lab-page/words';
import { chartOptions } from '../../src/widgets/lab/chart-series';
import { LabLink } from '../../src/widgets/lab/lab-storage';
import { presetClaims } from '../../src/widgets/lab/preset-claims';
import { LabRun, loadNotice, sceneRead } from '../../src/widgets/lab/run-state';

const slots = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const tags = (s: string) => [...s.matchAll(/<\/?(\w+)/g)].map((m) => m[0]).sort();
const zh = uiText('zh-cn');
/** Latin words of three or more letters: in Chinese text, only names and symbols may remain. */
const ALLOWED = new Set(['nnPU', 'oracle', 'IoU', 'SGD', 'JSON', 'PNG', 'JPEG', 'WebP', 'CSV', 'Lab', 'SCAR', 'CRF']);
const englishWordsIn = (s: string) => (s.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ALLOWED.has(w));

describe('the Lab catalog', () => {
  it('has the same keys, slots and markup in Chinese as in English', () => {
    expect(Object.keys(LAB_ZH_CN).sort()).toEqual(Object.keys(LAB_EN).sort());
    for (const key of Object.keys(LAB_EN) as (keyof typeof LAB_EN)[]) {
      expect(slots(LAB_ZH_CN[key]), key).toEqual(slots(LAB_EN[key]));
      expect(tags(LAB_ZH_CN[key]).length, key).toBe(tags(LAB_EN[key]).length);
      expect(key.startsWith('lab.'), key).toBe(true);
    }
  });

  it('fills English as the page catalog does', () => {
    expect(englishWords('lab.image.status', { name: 'a.png', size: 32 })).toBe(
      uiText('en').t('lab.image.status', { name: 'a.png', size: 32 }),
    );
    expect(englishWords('lab.image.empty')).toBe(LAB_EN['lab.image.empty']);
    expect(() => englishWords('lab.image.status', { name: 'a.png' })).toThrow();
  });
});

describe('the Lab in Chinese', () => {
  it('words the presets’ claims in Chinese, with every number filled', () => {
    for (const preset of PRESETS) {
      const claim = presetClaims(preset.id, zh);
      for (const line of [claim.shows, claim.change]) {
        expect(line).not.toMatch(/[{}]/);
        expect(englishWordsIn(line), line).toEqual([]);
      }
      expect(presetClaims(preset.id, uiText('en')).shows).toMatch(/^(After|Partial CE)/);
    }
  });

  it('titles the charts in Chinese', () => {
    for (const option of chartOptions(zh)) {
      expect(englishWordsIn(option.title), option.id).toEqual([]);
      expect(option.series.title).toBe(option.title);
    }
  });

  it('reports problems of links, files and images in Chinese', () => {
    const problems = [
      ...readHash('lr=banana', 'zz', defaultSettings(), zh.t).problems,
      ...readDocument('not json', defaultSettings(), zh.t).problems,
      ...readDocument('{"format":"other"}', defaultSettings(), zh.t).problems,
      checkFileSize(0, zh.t) ?? '',
    ];
    const header = readImageHeader(new TextEncoder().encode('hello, not an image'), zh.t);
    if (!header.ok) problems.push(header.reason);
    expect(problems).toHaveLength(6);
    for (const p of problems) expect(p).toMatch(/[\u4e00-\u9fff]/);
    expect(problems[0]).toContain('lr');
  });

  it('says what the labels allow, what the link holds and what a load found, in Chinese', () => {
    const run = new LabRun(zh);
    run.load(sceneRead(defaultSettings()), null);
    run.resetLabels('empty');
    run.refreshStats();
    const verdict = run.verdict();
    expect(verdict.canTrain).toBe(false);
    expect(verdict.parts.join('')).toContain('没有任何像素带标注');
    expect(JSON.parse(run.documentText()).note).toMatch(/[\u4e00-\u9fff]/);
    const link = new LabLink(zh);
    expect(link.describe(true, false)).toContain('链接无法携带');
    expect(loadNotice(['x。'], 'file', 'run.json', zh)?.text).toBe('文件“run.json”无法完整使用。x。');
  });
});
