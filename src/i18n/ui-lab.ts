/**
 * The Lab's own words (src/widgets/lab/, src/lab-page/), merged into the widget catalog by
 * `ui.ts`. Chinese must have every English key.
 */

export const LAB_EN = {} as const;

export const LAB_ZH_CN = {} satisfies Record<keyof typeof LAB_EN, string>;
