import { describe, expect, it } from 'vitest';
import {
  defaultSettings,
  parseSettings,
  SCHEMA,
  SETTING_KEYS,
  serializeSettings,
  withSettings,
} from '../../src/core/settings';

describe('settings schema', () => {
  it('gives every field a default inside its range, a label and a description', () => {
    for (const key of SETTING_KEYS) {
      const field = SCHEMA[key];
      expect(field.label.length, key).toBeGreaterThan(0);
      expect(field.description.length, key).toBeGreaterThan(10);
      if (field.kind === 'number') {
        expect(field.default, key).toBeGreaterThanOrEqual(field.min);
        expect(field.default, key).toBeLessThanOrEqual(field.max);
      }
      if (field.kind === 'choice') expect(field.options).toContain(field.default);
    }
  });

  it('labels only real options of a choice, and every label type reads back from a link', () => {
    for (const key of SETTING_KEYS) {
      const field = SCHEMA[key];
      if (field.kind !== 'choice' || !field.optionLabels) continue;
      for (const [option, text] of Object.entries(field.optionLabels)) {
        expect(field.options as readonly string[], key).toContain(option);
        expect(String(text).length, key).toBeGreaterThan(3);
      }
    }
    for (const labelType of SCHEMA.labelType.options) {
      expect(parseSettings(`labelType=${labelType}`)).toEqual({
        settings: { ...defaultSettings(), labelType },
        corrections: [],
      });
    }
  });

  it('round-trips serialize → parse with no corrections', () => {
    const custom = withSettings(defaultSettings(), {
      seed: 42,
      lr: 0.003,
      losses: ['partial', 'nnpu'],
      background: false,
      labelType: 'clicks',
      density: 0.37,
    }).settings;
    for (const settings of [defaultSettings(), custom]) {
      const { settings: back, corrections } = parseSettings(serializeSettings(settings));
      expect(corrections).toEqual([]);
      expect(back).toEqual(settings);
    }
  });

  it('accepts a leading # and an empty string', () => {
    expect(parseSettings('#seed=5').settings.seed).toBe(5);
    expect(parseSettings('')).toEqual({ settings: defaultSettings(), corrections: [] });
  });

  it.each([
    ['seed=abc', 'seed', defaultSettings().seed],
    ['lr=-1', 'lr', SCHEMA.lr.min],
    ['lr=5', 'lr', SCHEMA.lr.max],
    ['width=7.6', 'width', 8],
    ['seed=', 'seed', defaultSettings().seed],
    ['labelType=crayon', 'labelType', 'scribbles'],
    ['background=maybe', 'background', true],
  ] as const)('corrects %s and says so', (text, key, expected) => {
    const { settings, corrections } = parseSettings(text);
    expect(settings[key]).toEqual(expected);
    expect(corrections.map((c) => c.key)).toContain(key);
    expect(corrections.find((c) => c.key === key)?.message.length).toBeGreaterThan(5);
  });

  it('replaces a loss list with no known loss by the default, and drops unknown entries', () => {
    const nope = parseSettings('losses=nope');
    expect(nope.settings.losses).toEqual(defaultSettings().losses);
    expect(nope.corrections[0]?.key).toBe('losses');
    const mixed = parseSettings('losses=partial,nope,full');
    expect(mixed.settings.losses).toEqual(['partial', 'full']);
    expect(mixed.corrections[0]?.message).toContain('nope');
  });

  it('keeps what it can from a truncated string', () => {
    const full = serializeSettings(withSettings(defaultSettings(), { seed: 9, density: 0.4 }).settings);
    const cut = full.slice(0, full.indexOf('density=') + 'density=0.'.length);
    const { settings, corrections } = parseSettings(cut);
    expect(settings.seed).toBe(9);
    expect(settings.density).toBe(SCHEMA.density.min);
    expect(corrections.map((c) => c.key)).toEqual(['density']);
  });

  it('reports unknown keys, undecodable parts and repeated keys', () => {
    const { settings, corrections } = parseSettings('colour=red&seed=%E0%A4%A&seed=3&seed=4');
    expect(settings.seed).toBe(4);
    expect(corrections.map((c) => c.key)).toEqual(['colour', 'seed=%E0%A4%A', 'seed']);
  });

  it('enforces the rules between settings', () => {
    const { settings, corrections } = parseSettings('images=3&batch=8&size=16&radius=16');
    expect(settings.batch).toBe(3);
    expect(settings.radius).toBeLessThanOrEqual(16 / 3);
    expect(corrections.map((c) => c.key).sort()).toEqual(['batch', 'radius']);
  });
});
