/**
 * The Chinese edition's fixed terms: one Chinese rendering per English term, used the same
 * way in every chapter (content/zh-cn/chapters/) and shown at /zh-cn/glossary/. A unit test
 * checks that each term appears in some Chinese chapter unless it is marked `glossaryOnly`
 * (a term a reader meets in the widgets or in papers, not in the prose).
 */

export interface GlossaryTerm {
  /** Stable id, also the term's anchor on the glossary page. */
  id: string;
  /** The English term as the English chapters write it. */
  en: string;
  /** The Chinese term, exactly as the Chinese chapters write it. */
  zh: string;
  /** Optional abbreviation or English form kept beside the Chinese one. */
  abbr?: string;
  /** One or two sentences in Chinese: what it means here. */
  explanation: string;
  /** True when no chapter uses the term (it is here for the widgets or for reading papers). */
  glossaryOnly?: boolean;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  {
    id: 'partial-ce',
    en: 'partial cross-entropy',
    zh: '部分交叉熵',
    abbr: 'partial CE, pCE',
    explanation: '只在带标注的像素上计算、并除以带标注像素个数的交叉熵；未标注像素对损失和梯度都没有贡献。',
  },
  {
    id: 'full-ce',
    en: 'full cross-entropy (unlabeled as background)',
    zh: '全图交叉熵',
    abbr: 'full CE',
    explanation: '把每个未标注像素都当作背景、在全图所有像素上平均的交叉熵。本站用它说明前景为何会被抑制。',
  },
  {
    id: 'dense-ce',
    en: 'dense cross-entropy (oracle)',
    zh: '稠密交叉熵',
    abbr: 'oracle',
    explanation: '在完整的真值掩码上训练的交叉熵，作为弱标注方法所能达到的上限参照。',
  },
  {
    id: 'cross-entropy',
    en: 'cross-entropy',
    zh: '交叉熵',
    abbr: 'CE',
    explanation: '模型赋予正确目标的概率的负对数；对 logit 的梯度是“预测减去目标”。',
  },
  {
    id: 'wsss',
    en: 'weakly supervised semantic segmentation',
    zh: '弱监督语义分割',
    explanation: '只用比逐像素掩码廉价的标注（涂鸦、点、框或图像级标签）来训练语义分割模型。',
  },
  {
    id: 'weak-label',
    en: 'weak label',
    zh: '弱标注',
    explanation: '只覆盖少数像素、但在所覆盖处正确的标注，如涂鸦或点击。',
  },
  {
    id: 'scribble',
    en: 'scribble annotation',
    zh: '涂鸦标注',
    abbr: 'scribble',
    explanation: '标注者在物体或背景上快速画出的细而连通的笔画；笔画经过的像素得到该类别的标签。',
  },
  {
    id: 'point',
    en: 'point (click) annotation',
    zh: '点标注',
    abbr: 'click',
    explanation: '在每个物体内部点击一下得到的标注；实验室把每次点击模拟为一个小圆盘。',
  },
  {
    id: 'skeleton',
    en: 'skeleton scribble',
    zh: '骨架涂鸦',
    explanation: '沿每个区域中轴线画出的模拟涂鸦，医学图像数据集常用这种方式生成涂鸦。',
  },
  {
    id: 'label-density',
    en: 'label density',
    zh: '标注密度',
    explanation: '带有任一类别标注的像素占全部像素的比例，可以只凭标注算出。',
  },
  {
    id: 'coverage',
    en: 'coverage',
    zh: '覆盖率',
    abbr: 'c',
    explanation: '真实前景像素中带前景标注的比例；需要真值才能算出，却决定了全图交叉熵的行为。',
  },
  {
    id: 'unlabeled-foreground',
    en: 'unlabeled foreground',
    zh: '未标注前景',
    abbr: 'U_fg',
    explanation: '真值为前景、却没有任何标注的像素；各种损失的差别主要体现在这里。',
  },
  {
    id: 'foreground-suppression',
    en: 'foreground suppression',
    zh: '前景抑制',
    explanation: '把未标注像素当作背景训练时，模型把未标注前景的概率压低、使物体从预测中消失的现象。',
  },
  {
    id: 'ground-truth',
    en: 'ground truth',
    zh: '真值',
    explanation: '完美的稠密掩码会给出的类别；模型训练时看不到，只用来评估。',
  },
  {
    id: 'mask',
    en: 'mask',
    zh: '掩码',
    abbr: 'm',
    explanation: '标出哪些像素带标注的 0/1 图；稠密掩码则指每个像素都有类别的完整标注。',
  },
  {
    id: 'logit',
    en: 'logit',
    zh: 'logit',
    explanation: '网络对每个像素输出的实数 z，经 sigmoid 变为前景概率 p = σ(z)。本站不译，统一写作 logit。',
  },
  {
    id: 'gradient',
    en: 'gradient',
    zh: '梯度',
    explanation: '损失对参数或 logit 的导数；本站关注每个像素的误差信号 ∂L/∂z。',
  },
  {
    id: 'error-signal',
    en: 'error signal',
    zh: '误差信号',
    explanation: '损失对某个像素 logit 的导数 ∂L/∂z_i；损失只通过它影响网络权重。',
  },
  {
    id: 'chain-rule',
    en: 'chain rule',
    zh: '链式法则',
    explanation: '复合函数求导的规则；从损失经 p 到 logit、再到网络参数，一步步相乘。',
  },
  {
    id: 'normaliser',
    en: 'normaliser',
    zh: '归一化因子',
    explanation: '损失求和之后所除的数，如全部像素数 N 或带标注像素数 M；它相当于一个学习率因子。',
  },
  {
    id: 'pu-learning',
    en: 'positive-unlabeled learning',
    zh: '正例-无标签学习',
    abbr: 'PU 学习',
    explanation: '只有一部分正例带标注、其余样本无标签（混有正例和负例）时学习分类器的方法。',
  },
  {
    id: 'propensity',
    en: 'labeling propensity',
    zh: '标注倾向性',
    abbr: 'e(x)',
    explanation: '外观为 x 的前景像素被标注的概率；全图交叉熵学到的正是它与前景概率的乘积。',
  },
  {
    id: 'scar',
    en: 'selected completely at random',
    zh: '完全随机选择',
    abbr: 'SCAR',
    explanation: '一个正例是否被标注与其外观无关、只取决于一个常数比率的假设；此时标注倾向性处处等于覆盖率。',
  },
  {
    id: 'sar',
    en: 'selected at random (depending on attributes)',
    zh: '依属性随机选择',
    abbr: 'SAR',
    explanation: '标注概率依赖于样本外观的情形，例如远离物体边界的笔画。',
  },
  {
    id: 'class-prior',
    en: 'class prior',
    zh: '类先验',
    abbr: 'π',
    explanation: '真正属于前景的像素比例；PU 风险估计需要它。',
  },
  {
    id: 'upu',
    en: 'unbiased PU risk',
    zh: '无偏 PU 风险',
    abbr: 'uPU',
    explanation: '用类先验把缺失的负例风险改写为可估计量的风险估计；期望无偏，但估计值可能为负。',
  },
  {
    id: 'nnpu',
    en: 'non-negative PU risk',
    zh: '非负 PU 风险',
    abbr: 'nnPU',
    explanation: '把 uPU 中负例部分的估计截断在零，以防止灵活模型过拟合。',
  },
  {
    id: 'mask-strength',
    en: 'mask strength',
    zh: '掩码强度',
    abbr: 'λ',
    explanation: '给“未标注即背景”各项所加的权重：λ = 0 即部分交叉熵，λ = 1 即全图交叉熵。',
  },
  {
    id: 'iou',
    en: 'intersection over union',
    zh: '交并比',
    abbr: 'IoU',
    explanation: '预测前景与真实前景的交集除以并集；本站先汇总全部图像的像素再相除。',
  },
  {
    id: 'recall',
    en: 'recall',
    zh: '召回率',
    explanation: '真实前景中被预测为前景（概率阈值 0.5）的比例；本站主要在未标注前景上测量。',
  },
  {
    id: 'fpr',
    en: 'false-positive rate',
    zh: '假阳性率',
    abbr: 'FPR',
    explanation: '真实背景像素中被误判为前景的比例。',
  },
  {
    id: 'boundary',
    en: 'boundary',
    zh: '边界',
    explanation: '物体与背景的分界；涂鸦和点击都避开它，而分割模型恰恰要在这里做判断。',
  },
  {
    id: 'border-ring',
    en: 'border ring',
    zh: '边界环',
    explanation: '与背景相邻、宽一个像素的那圈前景像素；模拟笔画在真实涂鸦的密度下从不标注它。',
  },
  {
    id: 'held-out',
    en: 'held-out images',
    zh: '留出图像',
    explanation: '由同一生成器产生、带有各自标注、但没有任何模型在其上训练的图像。',
  },
  {
    id: 'lockstep',
    en: 'lockstep training',
    zh: '同步训练',
    abbr: 'lockstep',
    explanation: '多个模型从相同初始权重出发、按相同顺序看相同批次，只有损失不同，以便公平比较。',
  },
  {
    id: 'seed',
    en: 'seed',
    zh: '种子',
    explanation: '随机数发生器的起点；同一种子复现同样的场景、标注和训练过程。',
  },
  {
    id: 'proper-scoring-rule',
    en: 'proper scoring rule',
    zh: '恰当评分规则',
    explanation: '期望得分在预测等于真实概率时最优的评分规则；交叉熵就是其中之一。',
  },
  {
    id: 'regularized-loss',
    en: 'regularized loss',
    zh: '正则化损失',
    explanation: '在部分交叉熵之外加入利用图像本身约束未标注像素的项，如稠密 CRF 损失和归一化割损失。',
  },
  {
    id: 'dense-crf',
    en: 'dense CRF loss',
    zh: '稠密 CRF 损失',
    abbr: 'DenseCRF',
    explanation: '全连接条件随机场能量的松弛形式：位置相近、外观相似的像素得到不同类别时受到惩罚。',
  },
  {
    id: 'normalized-cut',
    en: 'normalized cut',
    zh: '归一化割',
    explanation: '把每个类别的割除以其总亲和度的聚类准则，偏好大小均衡的分割。',
  },
  {
    id: 'affinity',
    en: 'affinity',
    zh: '亲和度',
    abbr: 'W',
    explanation: '一对像素“应属同一类”的程度：位置越近、亮度越相似就越大。',
  },
  {
    id: 'potts',
    en: 'Potts model',
    zh: 'Potts 模型',
    explanation: '对每一对被分到不同类别的像素收取其亲和度的能量；松弛后可作为训练损失的正则项。',
  },
  {
    id: 'bilateral-kernel',
    en: 'bilateral kernel',
    zh: '双边核',
    explanation: '在位置和亮度上都取高斯形式的亲和度核，σ_xy 决定作用范围，σ_I 决定亮度容差。',
  },
  {
    id: 'pseudo-label',
    en: 'pseudo-label',
    zh: '伪标签',
    explanation: '由模型自己或传播算法为未标注像素生成的标签。',
  },
  {
    id: 'size-constraint',
    en: 'size constraint',
    zh: '尺寸约束',
    explanation: '当预测区域的大小超出事先给定的范围时施加惩罚，以排除“处处都是前景”之类的平凡解。',
  },
  {
    id: 'full-supervision',
    en: 'full supervision',
    zh: '全监督',
    explanation: '在完整的稠密掩码上训练。',
  },
];
