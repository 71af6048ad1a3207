/**
 * The words of the static figures (src/components/*Figure.astro, SweepTable, Legend) in
 * every language. A figure reads its page's language (`Astro.currentLocale`) and takes its
 * strings here; numbers still come from src/lib/measured.ts. Chinese is typed as English's
 * type, so a missing string or a wrong signature fails the type check. Chart axes (drawn by
 * src/lib/charts.ts) are not translated yet.
 */
import type { LossId } from '../core/catalog';
import type { MetricId } from '../core/metric-table';
import type { Locale } from './locales';

/** The English `DEFAULTS_IN_WORDS` (src/lib/measured.ts) that `zh-cn.defaultsInWords` translates; a unit test keeps them in step. */
export const DEFAULTS_IN_WORDS_TRANSLATED_FROM =
  '32×32 images, 8 images, batch 4, 2 ellipses per image, noise 0.6, contrast 1, scribbles at density 0.15 with background scribbles, Adam at learning rate 0.01, model width 8';

const en = {
  /** null: use the English text of src/lib/measured.ts. */
  defaultsInWords: null as string | null,
  notAvailable: 'n/a',
  /** Between a caption and its `npm run figures`: spaces included. */
  regenerate: ' Regenerate with ',
  fullStop: '.',
  // SceneFigure
  sceneImage: 'Image',
  sceneTruth: 'Ground truth',
  sceneScribbles: (density: string) => `Scribbles, density ${density}`,
  sceneImageAlt: 'A noisy grey 32 by 32 image with brighter elliptical objects, barely visible through the noise.',
  sceneTruthAlt: 'The ground-truth mask: the foreground objects in light grey on a dark background.',
  sceneScribblesAlt: (density: string, labelDensity: string, coverage: string) =>
    `Scribbles at target density ${density}: amber strokes inside the objects, blue strokes on the background, the rest of the image dimmed and unlabeled. In this image ${labelDensity} of the pixels are labeled and ${coverage} of the foreground is covered.`,
  sceneCaption: (v: { image: number; seed: number; fg: string; bg: string; densities: string; prior: string }) =>
    `Image ${v.image} of the default scene, seed ${v.seed}, 32×32 pixels shown enlarged. Foreground labels in amber (${v.fg}), background labels in blue (${v.bg}). Over all 8 images, density ${v.densities}. The scene's foreground share (its class prior π) is ${v.prior}.`,
  sceneDensityPart: (density: string, labelDensity: string, coverage: string) =>
    `${density} gives Σm/N = ${labelDensity} and c = ${coverage}`,
  listSeparator: '; ',
  // CurvesFigure
  curvesCaption: (seed: number, defaults: string, every: number) =>
    `Seed ${seed}, default settings (${defaults}); measured every ${every} steps on the 8 training images, threshold 0.5.`,
  // CoverageFigure
  scarPanel: 'Random pixels (SCAR)',
  strokesPanel: 'Strokes',
  coverageInterior: 'full CE, mean p on interior U_fg',
  coverageBorder: 'full CE, mean p on border-ring U_fg',
  coveragePropensity: 'measured propensity e (○ interior, □ border)',
  coverageFull: 'full CE',
  coverageRepaired: 'full CE divided by ĉ (Elkan–Noto)',
  coverageMeanPTitle: (panel: string) => `${panel}: full CE's mean p and the propensity`,
  coverageRecallTitle: (panel: string, metric: string) => `${panel}: ${metric}`,
  coverageCaption: (v: { densities: string; seeds: string; steps: number; defaults: string; draws: string }) =>
    `Sweep over target label density ${v.densities} for each labeling mode; x is the measured coverage c. Seeds ${v.seeds}, ${v.steps} steps each; otherwise the defaults (${v.defaults}). Points are means over the seeds; the propensity is estimated from ${v.draws} label draws per point. ĉ is full CE's mean p on the labeled foreground.`,
  // LambdaFigure
  lambdaPredicted: 'predicted c / (c + λ(1 − c))',
  lambdaChartTitle: 'Mask strength λ: measured and predicted mean p',
  lambdaRegion: 'Every λ of the sweep',
  lambdaTableCaption: (seeds: string) => `Every λ of the sweep, means over seeds ${seeds}`,
  lambdaPredictedHead: 'predicted p*',
  /** Column heads, HTML (they name U<sub>fg</sub>). */
  lambdaInteriorHead: 'mean p, interior U<sub>fg</sub>',
  lambdaAllHead: 'mean p, all U<sub>fg</sub>',
  lambdaRecallHead: 'recall on U<sub>fg</sub>',
  lambdaCaption: (steps: number, seeds: string, defaults: string) =>
    `The mask-strength loss alone, trained ${steps} steps on labels selected completely at random (SCAR) at the default density, seeds ${seeds}; otherwise the defaults (${defaults}).`,
  // ForegroundOnlyFigure
  fgOutcomeTitle: 'Outcome per loss: ■ background FPR, ○ IoU',
  fgPriorTitle: 'nnPU against its assumed prior π: ■ background FPR (dashed), ○ IoU',
  fgCaption: (v: { seeds: string; steps: number; truePrior: string; priors: string }) =>
    `First chart: the three losses trained in lockstep on the same scribbles, seeds ${v.seeds}, ${v.steps} steps; the two foreground-only losses ignore the background scribbles that partial CE uses; nnPU gets the scene's prior rounded to two decimals (true π ${v.truePrior}). Second chart: nnPU alone with π ∈ {${v.priors}}, same seeds and steps. Otherwise the default settings.`,
  // SweepTable
  sweepCaptionTail: (seeds: string, steps: number) => ` Means over seeds ${seeds}, ${steps} steps.`,
  sweepHeads: [
    'target density',
    'c',
    'e, interior',
    'e, border',
    'full CE p, interior',
    'full CE p, border',
    'full CE recall',
    'full CE ÷ ĉ recall',
    'partial CE recall',
  ],
  /** Loss names in legends; absent ones keep the catalog's English label. */
  lossLabels: {} as Partial<Record<LossId, string>>,
  /** Chart titles of metrics; absent ones keep the metric table's English title. */
  metricTitles: {} as Partial<Record<MetricId, string>>,
};

const zhCn: typeof en = {
  defaultsInWords:
    '32×32 图像 8 张，批次大小 4，每张 2 个椭圆，噪声 0.6，对比度 1，密度 0.15 的涂鸦（含背景涂鸦），Adam 优化器，学习率 0.01，模型宽度 8',
  notAvailable: '无',
  regenerate: '重新生成图表：',
  fullStop: '。',
  sceneImage: '图像',
  sceneTruth: '真值',
  sceneScribbles: (density) => `涂鸦，密度 ${density}`,
  sceneImageAlt: '一张带噪声的 32×32 灰度图像，几个较亮的椭圆形物体在噪声中隐约可见。',
  sceneTruthAlt: '真值掩码：深色背景上的浅灰色前景物体。',
  sceneScribblesAlt: (density, labelDensity, coverage) =>
    `目标密度 ${density} 的涂鸦：物体内部是琥珀色笔画，背景上是蓝色笔画，图像其余部分调暗、未标注。在这张图像中，${labelDensity} 的像素带有标注，前景覆盖率为 ${coverage}。`,
  sceneCaption: (v) =>
    `默认场景的第 ${v.image} 张图像，种子 ${v.seed}，32×32 像素放大显示。前景标注为琥珀色（${v.fg}），背景标注为蓝色（${v.bg}）。在全部 8 张图像上，${v.densities}。场景的前景占比（即类先验 π）为 ${v.prior}。`,
  sceneDensityPart: (density, labelDensity, coverage) => `密度 ${density} 时 Σm/N = ${labelDensity}，c = ${coverage}`,
  listSeparator: '；',
  curvesCaption: (seed, defaults, every) =>
    `种子 ${seed}，默认设置（${defaults}）；每 ${every} 步在 8 张训练图像上测量一次，阈值 0.5。`,
  scarPanel: '随机像素（SCAR）',
  strokesPanel: '笔画',
  coverageInterior: '全图交叉熵，内部 U_fg 上的平均 p',
  coverageBorder: '全图交叉熵，边界环 U_fg 上的平均 p',
  coveragePropensity: '实测标注倾向性 e（○ 内部，□ 边界）',
  coverageFull: '全图交叉熵',
  coverageRepaired: '全图交叉熵除以 ĉ（Elkan–Noto）',
  coverageMeanPTitle: (panel) => `${panel}：全图交叉熵的平均 p 与标注倾向性`,
  coverageRecallTitle: (panel, metric) => `${panel}：${metric}`,
  coverageCaption: (v) =>
    `对每种标注方式，在目标标注密度 ${v.densities} 上扫描；横轴为实测覆盖率 c。种子 ${v.seeds}，每次 ${v.steps} 步；其余为默认设置（${v.defaults}）。各点为种子平均；每个点的标注倾向性由 ${v.draws} 次标注抽样估计。ĉ 是全图交叉熵在有标注前景上的平均 p。`,
  lambdaPredicted: '预测值 c / (c + λ(1 − c))',
  lambdaChartTitle: '掩码强度 λ：实测与预测的平均 p',
  lambdaRegion: '扫描中的每个 λ',
  lambdaTableCaption: (seeds) => `扫描中的每个 λ，种子 ${seeds} 上的平均值`,
  lambdaPredictedHead: '预测 p*',
  lambdaInteriorHead: '内部 U<sub>fg</sub> 平均 p',
  lambdaAllHead: '全部 U<sub>fg</sub> 平均 p',
  lambdaRecallHead: 'U<sub>fg</sub> 召回率',
  lambdaCaption: (steps, seeds, defaults) =>
    `仅训练掩码强度损失，在默认密度的完全随机选择（SCAR）标注上训练 ${steps} 步，种子 ${seeds}；其余为默认设置（${defaults}）。`,
  fgOutcomeTitle: '各损失的结果：■ 背景 FPR，○ IoU',
  fgPriorTitle: 'nnPU 随假定先验 π 的变化：■ 背景 FPR（虚线），○ IoU',
  fgCaption: (v) =>
    `第一张图：三种损失在同样的涂鸦上同步训练，种子 ${v.seeds}，${v.steps} 步；两种只用前景的损失忽略部分交叉熵所用的背景涂鸦；nnPU 使用保留两位小数的场景先验（真实 π 为 ${v.truePrior}）。第二张图：单独训练 nnPU，π ∈ {${v.priors}}，种子和步数相同。其余为默认设置。`,
  sweepCaptionTail: (seeds, steps) => `种子 ${seeds} 上的平均值，${steps} 步。`,
  sweepHeads: [
    '目标密度',
    'c',
    'e，内部',
    'e，边界',
    '全图交叉熵 p，内部',
    '全图交叉熵 p，边界',
    '全图交叉熵召回率',
    '全图交叉熵 ÷ ĉ 召回率',
    '部分交叉熵召回率',
  ],
  lossLabels: {
    full: '全图交叉熵',
    partial: '部分交叉熵',
    oracle: '稠密交叉熵（oracle）',
    blend: '掩码强度 λ',
    'partial-fg': '部分交叉熵，仅前景标注',
    nnpu: 'nnPU（先验 π）',
    crf: '部分交叉熵 + CRF',
    ncut: '部分交叉熵 + 归一化割',
  },
  metricTitles: {
    recallUnlabeledFg: '未标注前景上的召回率',
    meanPUnlabeledFg: '未标注前景上的平均 p',
  },
};

/** Every language's figure words, keyed by locale. */
export const FIGURE_STRINGS: Record<Locale, typeof en> = { en, 'zh-cn': zhCn };

/** The figure words of `locale`. */
export const figureStrings = (locale: Locale) => FIGURE_STRINGS[locale];
