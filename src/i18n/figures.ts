/**
 * The words of the static figures (src/components/*Figure.astro, SweepTable, Legend) in
 * every language. A figure reads its page's language (`Astro.currentLocale`) and takes its
 * strings here; numbers still come from src/lib/measured.ts. Chinese is typed as English's
 * type, so a missing string or a wrong signature fails the type check. The charts drawn by
 * src/lib/charts.ts and src/lib/border-charts.ts take their axes, mark texts and text
 * alternatives from `chart` and `borderChart`; English strings here are the English pages'
 * bytes, so change them only on purpose.
 */
import type { LossId } from '../core/catalog';
import { type FigureMetricId, inSentence, type MetricId } from '../core/metric-table';
import type { SweepMode } from '../lib/measured';
import type { Locale } from './locales';
import { uiText } from './ui';

/** The three losses of chapter 4's first chart, by id. */
type ForegroundOnlyLoss = 'partial-fg' | 'nnpu' | 'partial';

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
  /** Cite's tooltip: first author, year (or `noYear`), title. */
  citeTitle: (author: string, year: number | null, title: string) => `${author} et al. (${year ?? 'n.d.'}), ${title}`,
  /** The words of the charts of src/lib/charts.ts: axes, mark texts and text alternatives. */
  chart: {
    /** Between the items of a list in a text alternative. */
    comma: ', ',
    semicolon: '; ',
    coverageAxis: 'foreground coverage c →',
    modeNames: {
      scar: 'labels selected completely at random (SCAR)',
      scribbles: 'strokes',
    } as Record<SweepMode, string>,
    /** One point of a series over the coverage. */
    atCoverage: (y: string, x: string) => `${y} at c = ${x}`,
    propensityY: '↑ mean p (lines), propensity e (circles)',
    propensityDescription: (v: {
      mode: string;
      steps: number;
      seeds: string;
      interior: string;
      border: string;
      eInterior: string;
      eBorder: string;
    }) =>
      `Full CE under ${v.mode}: mean predicted probability on unlabeled foreground against the coverage c, after ${v.steps} steps, means over seeds ${v.seeds}. Interior pixels: ${v.interior}. Border-ring pixels: ${v.border}. Measured labeling propensity e, interior: ${v.eInterior}; border ring: ${v.eBorder}.`,
    repairedName: 'full CE divided by ĉ',
    recallY: '↑ recall on unlabeled foreground',
    namedSeries: (name: string, list: string) => `${name}: ${list}`,
    recallDescription: (v: { mode: string; steps: number; seeds: string; series: string[] }) =>
      `Recall on unlabeled foreground (threshold 0.5) against the coverage c under ${v.mode}, after ${v.steps} steps, means over seeds ${v.seeds}. ${v.series.join('. ')}.`,
    lambdaAxis: 'mask strength λ →',
    lambdaY: '↑ mean p, interior unlabeled foreground',
    lambdaPoint: (lambda: number, measured: string, predicted: string) =>
      `λ = ${lambda}: measured ${measured}, predicted ${predicted}`,
    lambdaDescription: (v: { steps: number; seeds: string; points: string[] }) =>
      `Mask-strength blend under SCAR labels at the default density, ${v.steps} steps, seeds ${v.seeds}: mean p on interior unlabeled foreground against λ, beside the predicted equilibrium c/(c + λ(1 − c)). ${v.points.join('; ')}.`,
    stepAxis: 'training step →',
    /** A metric's name inside a sentence and on a chart's y axis. */
    metricInSentence: (id: FigureMetricId) => inSentence(id),
    lossValue: (loss: string, value: string) => `${loss} ${value}`,
    curveDescription: (v: { metric: string; steps: number; seed: number; c: string; last: string }) =>
      `${v.metric[0]?.toUpperCase()}${v.metric.slice(1)} over ${v.steps} training steps, default settings, seed ${v.seed}, coverage c = ${v.c}. At the last step: ${v.last}.`,
    fgNames: {
      'partial-fg': 'partial CE, fg labels only',
      nnpu: 'nnPU, true π',
      partial: 'partial CE + bg scribbles',
    } as Record<ForegroundOnlyLoss, string>,
    /** Facet names of chapter 4's first chart. */
    bgFprName: 'background FPR',
    iouName: 'IoU',
    valueAxis: 'value (one dot per seed) →',
    fgSummary: (loss: string, fpr: string, iou: string) => `${loss}: background FPR ${fpr}; IoU ${iou}`,
    fgDescription: (v: { steps: number; seeds: string; summary: string[] }) =>
      `Background false-positive rate and IoU after ${v.steps} steps for seeds ${v.seeds}. ${v.summary.join('. ')}.`,
    priorAxis: 'assumed prior π →',
    priorY: '↑ value',
    truePrior: (prior: string) => `true π ≈ ${prior}`,
    atPrior: (value: string, prior: number) => `${value} at π = ${prior}`,
    priorDescription: (v: {
      from: number;
      to: number;
      steps: number;
      seeds: string;
      truePrior: string;
      fpr: string;
      iou: string;
    }) =>
      `nnPU trained with an assumed prior π from ${v.from} to ${v.to}, ${v.steps} steps, seeds ${v.seeds}; the true prior is about ${v.truePrior}. Mean background FPR: ${v.fpr}. Mean IoU: ${v.iou}.`,
  },
  /** The words of chapter 6's charts (src/lib/border-charts.ts). */
  borderChart: {
    semicolon: '; ',
    weightAxis: 'weight w of the CRF term →',
    noiseAxis: 'noise σ →',
    borderAxis: '↑ error rate within 2 px of a boundary',
    iouAxis: '↑ IoU',
    weightMean: (weight: number, value: string) => `w = ${weight}: ${value}`,
    /** The text alternative of the weight chart, given its means. */
    weightDescription: (v: { metric: 'border' | 'iou'; means: string; steps: number; seeds: string }) =>
      `${v.metric === 'border' ? 'Border error rate' : 'IoU'} of partial CE plus the CRF term against its weight w (w = 0 is partial CE), ${v.steps} steps, seeds ${v.seeds}, default scene. Means: ${v.means}.`,
    noiseMean: (noise: number, partial: string, crf: string) =>
      `σ = ${noise}: partial CE ${partial}, with the CRF term ${crf}`,
    noiseDescription: (v: { means: string; weight: number; steps: number; seeds: string }) =>
      `Border error rate of partial CE and of partial CE plus the CRF term (w = ${v.weight}) against the image noise, ${v.steps} steps, seeds ${v.seeds}. Means: ${v.means}.`,
  },
  // BorderGapFigure
  borderWeightTitle: 'Border error against the weight w',
  borderIouTitle: 'IoU against the weight w',
  borderNoiseTitle: 'Border error against the noise σ',
  borderWeightRegion: 'Every point of the weight sweep',
  borderNoiseRegion: 'Every point of the noise sweep',
  borderWeightCaption: (seeds: string, steps: number) =>
    `Every run of the weight sweep: one value per seed (${seeds}), after ${steps} steps.`,
  /** The line break keeps the English page's bytes. */
  borderNoiseCaption: (seeds: string, weight: number) =>
    `Border error of every run, one value per seed (${seeds}), and the seeds on which the CRF term (w =\n ${weight}) lowered it.`,
  borderHeads: { border: 'border error', interior: 'interior error', iou: 'IoU' },
  borderZeroWeight: '0 (partial CE)',
  borderNoiseHeads: { partial: 'partial CE', crf: '+ CRF term', lower: 'lower on' },
  borderImproved: (improved: number, seeds: number) => `${improved} of ${seeds}`,
  /** Before `npm run figures -- border`; the line break keeps the English page's bytes. */
  borderNote: (weight: boolean, steps: number, seeds: string) =>
    `Each dot is one seed; the line joins the means${weight ? ', and the dotted line is partial CE' : ''}. ${steps} steps\n    on the default scene, seeds ${seeds}; regenerate with `,
};

const zhUi = uiText('zh-cn');

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
  citeTitle: (author, year, title) => `${author} 等（${year ?? '年份不详'}），${title}`,
  chart: {
    comma: '，',
    semicolon: '；',
    coverageAxis: '前景覆盖率 c →',
    modeNames: {
      scar: '完全随机选择（SCAR）的标注',
      scribbles: '笔画标注',
    },
    atCoverage: (y, x) => `c = ${x} 时为 ${y}`,
    propensityY: '↑ 平均 p（折线），标注倾向性 e（圆点）',
    propensityDescription: (v) =>
      `${v.mode}下的全图交叉熵：未标注前景上的平均预测概率随覆盖率 c 的变化，训练 ${v.steps} 步，种子 ${v.seeds} 上的平均值。内部像素：${v.interior}。边界环像素：${v.border}。实测标注倾向性 e，内部：${v.eInterior}；边界环：${v.eBorder}。`,
    repairedName: '全图交叉熵除以 ĉ',
    recallY: '↑ 未标注前景上的召回率',
    namedSeries: (name, list) => `${name}：${list}`,
    recallDescription: (v) =>
      `${v.mode}下，未标注前景上的召回率（阈值 0.5）随覆盖率 c 的变化，训练 ${v.steps} 步，种子 ${v.seeds} 上的平均值。${v.series.join('。')}。`,
    lambdaAxis: '掩码强度 λ →',
    lambdaY: '↑ 内部未标注前景上的平均 p',
    lambdaPoint: (lambda, measured, predicted) => `λ = ${lambda}：实测 ${measured}，预测 ${predicted}`,
    lambdaDescription: (v) =>
      `默认密度下 SCAR 标注上的掩码强度损失，${v.steps} 步，种子 ${v.seeds}：内部未标注前景上的平均 p 随 λ 的变化，并与预测的平衡值 c/(c + λ(1 − c)) 对照。${v.points.join('；')}。`,
    stepAxis: '训练步数 →',
    metricInSentence: (id) => zhUi.t(`metric.${id}.title`),
    lossValue: (loss, value) => `${loss} ${value}`,
    curveDescription: (v) =>
      `${v.metric}：${v.steps} 个训练步中的变化，默认设置，种子 ${v.seed}，覆盖率 c = ${v.c}。最后一步：${v.last}。`,
    fgNames: {
      'partial-fg': zhUi.t('loss.partial-fg.label'),
      nnpu: 'nnPU，真实 π',
      partial: '部分交叉熵 + 背景涂鸦',
    },
    bgFprName: zhUi.t('metric.bgFpr.short'),
    iouName: 'IoU',
    valueAxis: '数值（每个种子一个点）→',
    fgSummary: (loss, fpr, iou) => `${loss}：背景 FPR ${fpr}；IoU ${iou}`,
    fgDescription: (v) => `训练 ${v.steps} 步后的背景假阳性率与 IoU，种子 ${v.seeds}。${v.summary.join('。')}。`,
    priorAxis: '假定先验 π →',
    priorY: '↑ 数值',
    truePrior: (prior) => `真实 π ≈ ${prior}`,
    atPrior: (value, prior) => `π = ${prior} 时为 ${value}`,
    priorDescription: (v) =>
      `用假定先验 π（从 ${v.from} 到 ${v.to}）训练 nnPU，${v.steps} 步，种子 ${v.seeds}；真实先验约为 ${v.truePrior}。背景 FPR 均值：${v.fpr}。IoU 均值：${v.iou}。`,
  },
  borderChart: {
    semicolon: '；',
    weightAxis: 'CRF 项的权重 w →',
    noiseAxis: '噪声 σ →',
    borderAxis: '↑ 距边界 2 px 以内的错误率',
    iouAxis: '↑ IoU',
    weightMean: (weight, value) => `w = ${weight}：${value}`,
    weightDescription: (v) =>
      `部分交叉熵加 CRF 项后的${v.metric === 'border' ? '边界错误率' : ' IoU '}随权重 w 的变化（w = 0 即部分交叉熵），${v.steps} 步，种子 ${v.seeds}，默认场景。均值：${v.means}。`,
    noiseMean: (noise, partial, crf) => `σ = ${noise}：部分交叉熵 ${partial}，加 CRF 项 ${crf}`,
    noiseDescription: (v) =>
      `部分交叉熵与部分交叉熵加 CRF 项（w = ${v.weight}）的边界错误率随图像噪声的变化，${v.steps} 步，种子 ${v.seeds}。均值：${v.means}。`,
  },
  borderWeightTitle: '边界错误率随权重 w 的变化',
  borderIouTitle: 'IoU 随权重 w 的变化',
  borderNoiseTitle: '边界错误率随噪声 σ 的变化',
  borderWeightRegion: '权重扫描的每个点',
  borderNoiseRegion: '噪声扫描的每个点',
  borderWeightCaption: (seeds, steps) => `权重扫描的每次运行：每个种子一个值（${seeds}），训练 ${steps} 步后。`,
  borderNoiseCaption: (seeds, weight) =>
    `每次运行的边界错误率，每个种子一个值（${seeds}），以及 CRF 项（w = ${weight}）使其降低的种子数。`,
  borderHeads: { border: '边界错误率', interior: '内部错误率', iou: 'IoU' },
  borderZeroWeight: '0（部分交叉熵）',
  borderNoiseHeads: { partial: '部分交叉熵', crf: '+ CRF 项', lower: '降低的种子数' },
  borderImproved: (improved, seeds) => `${improved} / ${seeds}`,
  borderNote: (weight, steps, seeds) =>
    `每个点是一个种子；折线连接各均值${weight ? '，虚线为部分交叉熵' : ''}。默认场景，${steps} 步，种子 ${seeds}；重新生成：`,
};

/** The figure words of one language. */
export type FigureStrings = typeof en;

/** Every language's figure words, keyed by locale. */
export const FIGURE_STRINGS: Record<Locale, FigureStrings> = { en, 'zh-cn': zhCn };

/** The figure words of `locale`. */
export const figureStrings = (locale: Locale) => FIGURE_STRINGS[locale];
