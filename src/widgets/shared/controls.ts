/**
 * Binds the server-rendered controls of a widget (`Control.astro`) to its settings:
 * shows values, and reports changes. Sliders report while dragging (`live`) and once
 * more when released or stepped by a key (`commit`), which is when a run restarts.
 */
import { type NumberField, SCHEMA, type SettingKey, type Settings } from '../../core/settings';
import { uiTextOf } from '../../i18n/ui';
import { compact } from './format';

export type ChangeHandler = (patch: Partial<Settings>, commit: boolean) => void;

export interface BoundControls {
  /** Show `settings` in every control (after a reset or a corrected hash). */
  show(settings: Settings): void;
  /** Enable or disable every control (while a run is being rebuilt, say). */
  setDisabled(disabled: boolean): void;
}

const sliderToValue = (field: NumberField, raw: number) => {
  const v = field.scale === 'log' ? 10 ** raw : raw;
  const clamped = Math.min(field.max, Math.max(field.min, v));
  return field.integer ? Math.round(clamped) : Number(clamped.toPrecision(6));
};
const valueToSlider = (field: NumberField, v: number) => (field.scale === 'log' ? Math.log10(v) : v);
/** A slider's value with its unit in the page's language. */
const valueText = (unit: string, v: number) => `${compact(v)}${unit ? ` ${unit}` : ''}`;

export function bindControls(root: HTMLElement, onChange: ChangeHandler): BoundControls {
  const controls = [...root.querySelectorAll<HTMLElement>('[data-setting]')];
  const showers: ((s: Settings) => void)[] = [];
  const inputs: (HTMLInputElement | HTMLButtonElement)[] = [];
  const { t } = uiTextOf(root);

  for (const control of controls) {
    const key = control.dataset.setting as SettingKey;
    const kind = control.dataset.kind;
    const field = SCHEMA[key];
    if (kind === 'number' && field.kind === 'number') {
      const input = control.querySelector('input') as HTMLInputElement;
      const output = control.querySelector('output');
      inputs.push(input);
      const unit = t(`setting.${key}.unit`);
      const display = (v: number) => {
        const text = valueText(unit, v);
        if (output) output.textContent = text;
        input.setAttribute('aria-valuetext', text);
      };
      input.addEventListener('input', () => {
        const v = sliderToValue(field, Number(input.value));
        display(v);
        onChange({ [key]: v }, false);
      });
      input.addEventListener('change', () => onChange({ [key]: sliderToValue(field, Number(input.value)) }, true));
      showers.push((s) => {
        const v = s[key] as number;
        input.value = String(valueToSlider(field, v));
        display(v);
      });
    } else if (kind === 'seed' && field.kind === 'number') {
      const input = control.querySelector('input') as HTMLInputElement;
      const next = control.querySelector('[data-next-seed]') as HTMLButtonElement;
      inputs.push(input, next);
      const commit = (v: number) => onChange({ seed: Math.min(field.max, Math.max(field.min, Math.round(v))) }, true);
      input.addEventListener('change', () => {
        const v = Number(input.value);
        if (Number.isFinite(v) && input.value.trim() !== '') commit(v);
      });
      next.addEventListener('click', () =>
        commit((Number(input.value) || 0) + 1 > field.max ? field.min : (Number(input.value) || 0) + 1),
      );
      showers.push((s) => {
        input.value = String(s.seed);
      });
    } else if (kind === 'choice') {
      const radios = [...control.querySelectorAll<HTMLInputElement>('input[type=radio]')];
      inputs.push(...radios);
      for (const radio of radios) {
        radio.addEventListener('change', () => {
          if (radio.checked) onChange({ [key]: radio.value } as Partial<Settings>, true);
        });
      }
      showers.push((s) => {
        for (const radio of radios) radio.checked = radio.value === s[key];
      });
    } else if (kind === 'boolean') {
      const box = control.querySelector('input') as HTMLInputElement;
      inputs.push(box);
      box.addEventListener('change', () => onChange({ [key]: box.checked } as Partial<Settings>, true));
      showers.push((s) => {
        box.checked = s[key] as boolean;
      });
    }
  }

  return {
    show: (s) => {
      for (const f of showers) f(s);
    },
    setDisabled: (disabled) => {
      for (const i of inputs) i.disabled = disabled;
    },
  };
}
