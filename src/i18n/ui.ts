/**
 * The words of the live widgets and the Lab, one catalog per language with typed keys.
 *
 * English has one home per kind of string: the settings schema (labels, descriptions,
 * units, option names), the loss table (names, summaries) and the metric table (titles,
 * column heads) keep theirs, and the English catalog is built from them; everything else
 * (buttons, notices, chart axes, ARIA labels, CSV comments) is written here, or in
 * `ui-lab.ts` for the Lab. Chinese is typed as `Record<UiKey, string>`, so a missing key
 * fails the type check, and `tests/unit/i18n.test.ts` checks the keys at run time too.
 *
 * A template's `{name}` is filled by `fill` (site.ts). Widgets pick their language from
 * the nearest `lang` attribute (`uiLocaleOf`).
 */
import { LOSS_IDS, LOSS_INFO, type LossId } from '../core/catalog';
import { METRIC_TABLE, type MetricId } from '../core/metric-table';
import { type LabelType, type OptimizerId, SCHEMA, SETTING_KEYS, type SettingKey } from '../core/settings-schema';
import { DEFAULT_LOCALE, LOCALE_INFO, LOCALES, type Locale } from './locales';
import { fill } from './site';
import { LAB_EN, LAB_ZH_CN } from './ui-lab';
import { WIDGET_EN, WIDGET_ZH_CN } from './ui-widgets';

type SettingTextKey = `setting.${SettingKey}.${'label' | 'description' | 'unit'}`;
type OptionTextKey = `option.labelType.${LabelType}` | `option.optimizer.${OptimizerId}`;
type LossTextKey = `loss.${LossId}.${'label' | 'inText' | 'summary'}`;
type MetricTextKey = `metric.${MetricId}.${'title' | 'short'}`;

export type UiKey =
  | keyof typeof WIDGET_EN
  | keyof typeof LAB_EN
  | SettingTextKey
  | OptionTextKey
  | LossTextKey
  | MetricTextKey;
export type UiStrings = Readonly<Record<UiKey, string>>;

/** The English words of the three tables, under catalog keys. */
function tableEnglish(): Record<SettingTextKey | OptionTextKey | LossTextKey | MetricTextKey, string> {
  const out: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    const field = SCHEMA[key];
    out[`setting.${key}.label`] = field.label;
    out[`setting.${key}.description`] = field.description;
    out[`setting.${key}.unit`] = field.unit;
    if (field.kind === 'choice') {
      for (const option of field.options) {
        out[`option.${key}.${option}`] = (field.optionLabels as Record<string, string> | undefined)?.[option] ?? option;
      }
    }
  }
  for (const id of LOSS_IDS) {
    const loss = LOSS_INFO[id];
    out[`loss.${id}.label`] = loss.label;
    out[`loss.${id}.inText`] = loss.inText;
    out[`loss.${id}.summary`] = loss.summary;
  }
  for (const metric of METRIC_TABLE) {
    out[`metric.${metric.id}.title`] = metric.title;
    out[`metric.${metric.id}.short`] = metric.short;
  }
  return out as Record<SettingTextKey | OptionTextKey | LossTextKey | MetricTextKey, string>;
}

const en: UiStrings = { ...tableEnglish(), ...WIDGET_EN, ...LAB_EN };

/** Chinese: the three tables' words, then the widgets' and the Lab's. */
const zhCnTables: Record<SettingTextKey | OptionTextKey | LossTextKey | MetricTextKey, string> = {
  'setting.seed.label': '种子',
  'setting.seed.description': '决定每一次随机抽取：图像、标注、初始权重与批次顺序。',
  'setting.seed.unit': '',
  'setting.size.label': '图像尺寸',
  'setting.size.description': '每张正方形训练图像的宽与高。',
  'setting.size.unit': 'px',
  'setting.images.label': '图像数',
  'setting.images.description': '场景中训练图像的数量。',
  'setting.images.unit': '',
  'setting.batch.label': '批大小',
  'setting.batch.description': '每个训练步使用的图像数（不超过图像总数）。',
  'setting.batch.unit': '',
  'setting.shapes.label': '每张图像的物体数',
  'setting.shapes.description': '每张图像中前景椭圆的个数。',
  'setting.shapes.unit': '',
  'setting.radius.label': '物体半径',
  'setting.radius.description': '椭圆的典型半径；每个物体在其上下浮动 ±35%。',
  'setting.radius.unit': 'px',
  'setting.contrast.label': '对比度',
  'setting.contrast.description': '前景与背景的平均亮度差。',
  'setting.contrast.unit': '',
  'setting.noise.label': '噪声',
  'setting.noise.description': '逐像素高斯噪声的标准差。',
  'setting.noise.unit': '',
  'setting.labelType.label': '标注类型',
  'setting.labelType.description':
    '涂鸦是每个区域内的随机笔画；点标注是小圆盘；随机像素独立地标注每个像素（SCAR）；骨架涂鸦沿每个区域的中轴走，远离边界。',
  'setting.labelType.unit': '',
  'setting.density.label': '标注密度',
  'setting.density.description': '每个区域中带标注像素的目标比例（即前景的覆盖率 c）。',
  'setting.density.unit': '',
  'setting.background.label': '背景标注',
  'setting.background.description': '也在背景上涂鸦，密度相同。',
  'setting.background.unit': '',
  'setting.losses.label': '参与对比的损失',
  'setting.losses.description': '每种损失一个模型，从相同的起点、在相同的批次上同步训练。',
  'setting.losses.unit': '',
  'setting.lambda.label': '掩码强度 λ',
  'setting.lambda.description': '“未标注即背景”各项的权重：0 即部分交叉熵，1 即全图交叉熵。',
  'setting.lambda.unit': '',
  'setting.prior.label': '类先验 π',
  'setting.prior.description': 'nnPU 假定的前景像素比例（默认场景约为 0.28）。',
  'setting.prior.unit': '',
  'setting.crfWeight.label': 'CRF 权重 w',
  'setting.crfWeight.description': 'Potts（DenseCRF）项的权重；该项是被割断的亲和度所占的比例，介于 0 与 ½ 之间。',
  'setting.crfWeight.unit': '',
  'setting.ncutWeight.label': '归一化割权重 w',
  'setting.ncutWeight.description': '归一化割的权重；每张图像的归一化割介于 0 与 2 之间。',
  'setting.ncutWeight.unit': '',
  'setting.sigmaXy.label': '核宽 σ_xy',
  'setting.sigmaXy.description': '成对亲和度在空间上能延伸多远（像素）。',
  'setting.sigmaXy.unit': 'px',
  'setting.sigmaIntensity.label': '核宽 σ_I',
  'setting.sigmaIntensity.description': '两个亮度相差多少仍算相近。',
  'setting.sigmaIntensity.unit': '',
  'setting.lr.label': '学习率',
  'setting.lr.description': '优化器的步长。',
  'setting.lr.unit': '',
  'setting.optimizer.label': '优化器',
  'setting.optimizer.description': 'Adam 为每个权重自适应地调整步长；SGD 直接使用原始梯度。',
  'setting.optimizer.unit': '',
  'setting.width.label': '模型宽度',
  'setting.width.description': '每个隐藏卷积层的通道数。',
  'setting.width.unit': '通道',
  'setting.speed.label': '速度',
  'setting.speed.description': '控件力求达到的每秒训练步数。',
  'setting.speed.unit': '步/秒',
  'option.labelType.scribbles': '涂鸦（随机笔画）',
  'option.labelType.clicks': '点标注',
  'option.labelType.scar': '随机像素（SCAR）',
  'option.labelType.skeleton': '骨架涂鸦',
  'option.optimizer.adam': 'Adam',
  'option.optimizer.sgd': 'SGD',
  'loss.full.label': '全图交叉熵',
  'loss.full.inText': '全图交叉熵',
  'loss.full.summary': '在每个像素上计算交叉熵；未标注像素算作背景。',
  'loss.partial.label': '部分交叉熵',
  'loss.partial.inText': '部分交叉熵',
  'loss.partial.summary': '只在带标注的像素上计算交叉熵，并按带标注像素数平均。',
  'loss.oracle.label': '稠密交叉熵（oracle）',
  'loss.oracle.inText': 'oracle',
  'loss.oracle.summary': '对照完整真值的交叉熵：效果的上限。',
  'loss.blend.label': '掩码强度 λ',
  'loss.blend.inText': '掩码强度 λ',
  'loss.blend.summary': '带标注各项加上 λ 倍的“未标注即背景”各项：λ=0 即部分交叉熵，λ=1 即全图交叉熵。',
  'loss.partial-fg.label': '部分交叉熵，仅前景标注',
  'loss.partial-fg.inText': '仅用前景标注的部分交叉熵',
  'loss.partial-fg.summary': '忽略背景标注的部分交叉熵：即正例-无标签学习的设定。',
  'loss.nnpu.label': 'nnPU（先验 π）',
  'loss.nnpu.inText': 'nnPU',
  'loss.nnpu.summary': '由前景标注和类先验 π 得到的非负 PU 风险（Kiryo 等，2017）。',
  'loss.crf.label': '部分交叉熵 + CRF',
  'loss.crf.inText': '带 CRF 项的部分交叉熵',
  'loss.crf.summary': '部分交叉熵加上 w 倍的双边核 Potts 松弛 pᵀW(1−p)（Tang 等，2018）。',
  'loss.ncut.label': '部分交叉熵 + 归一化割',
  'loss.ncut.inText': '带归一化割的部分交叉熵',
  'loss.ncut.summary': '部分交叉熵加上 w 倍的双边核归一化割（Tang 等，2018）。',
  'metric.recallUnlabeledFg.title': '未标注前景上的召回率',
  'metric.recallUnlabeledFg.short': 'U_fg 召回率',
  'metric.meanPUnlabeledFg.title': '未标注前景上的平均 p',
  'metric.meanPUnlabeledFg.short': 'U_fg 平均 p',
  'metric.bgFpr.title': '背景假阳性率',
  'metric.bgFpr.short': '背景 FPR',
  'metric.iou.title': '与真值的 IoU',
  'metric.iou.short': 'IoU',
  'metric.labelAgreement.title': '与标注的一致率',
  'metric.labelAgreement.short': '标注一致率',
  'metric.predictedFgShare.title': '预测为前景的像素比例',
  'metric.predictedFgShare.short': '预测前景比例',
  'metric.recallUnlabeledFgInterior.title': '未标注前景上的召回率（内部）',
  'metric.recallUnlabeledFgInterior.short': '召回率，U_fg 内部',
  'metric.recallUnlabeledFgBorder.title': '未标注前景上的召回率（边界环）',
  'metric.recallUnlabeledFgBorder.short': '召回率，U_fg 边界',
  'metric.meanPUnlabeledFgInterior.title': '未标注前景上的平均 p（内部）',
  'metric.meanPUnlabeledFgInterior.short': '平均 p，U_fg 内部',
  'metric.meanPUnlabeledFgBorder.title': '未标注前景上的平均 p（边界环）',
  'metric.meanPUnlabeledFgBorder.short': '平均 p，U_fg 边界',
  'metric.borderErrorRate.title': '距边界 2 px 以内的错误率',
  'metric.borderErrorRate.short': '边界错误率',
  'metric.interiorErrorRate.title': '距边界超过 2 px 的错误率',
  'metric.interiorErrorRate.short': '内部错误率',
};

const zhCn: UiStrings = { ...zhCnTables, ...WIDGET_ZH_CN, ...LAB_ZH_CN };

/** Every language's widget and Lab words. */
export const UI_STRINGS: Readonly<Record<Locale, UiStrings>> = { en, 'zh-cn': zhCn };

/** A locale's words, with `t(key, values)` filling `{name}` templates. */
export interface UiText {
  readonly locale: Locale;
  /** The string of `key`, its `{name}` slots filled from `values`. */
  t(key: UiKey, values?: Record<string, string | number>): string;
}

/**
 * The words of `locale`. Numbers are not localised: zh-CN writes decimals and percentages as
 * English does (0.42, 42%), and the widgets print steps without grouping in both languages.
 */
export function uiText(locale: Locale): UiText {
  const strings = UI_STRINGS[locale];
  return {
    locale,
    t: (key, values) => (values ? fill(strings[key], values) : strings[key]),
  };
}

/** The locale of an element: its nearest `lang` attribute (`zh-CN` → zh-cn), English otherwise. */
export function uiLocaleOf(element: Element | null | undefined): Locale {
  const lang = element?.closest('[lang]')?.getAttribute('lang')?.toLowerCase() ?? '';
  for (const locale of LOCALES) {
    if (LOCALE_INFO[locale].htmlLang.toLowerCase() === lang) return locale;
  }
  return DEFAULT_LOCALE;
}

/** The words of the element's language. */
export const uiTextOf = (element: Element | null | undefined): UiText => uiText(uiLocaleOf(element));
