/**
 * Every work the chapters cite. `<Cite id="key" />` in a chapter must name a key of
 * `REFERENCES`; the build stops otherwise (see src/lib/remark-citations.ts).
 */

export interface Reference {
  /** As printed: "Family, G., Family, G. and Family, G." */
  authors: string;
  /** Omitted when the work carries no date (printed as "n.d."). */
  year?: number;
  title: string;
  /** BCP 47 language of the title when it is not English, so screen readers switch voice. */
  titleLang?: string;
  /** Journal, proceedings or publisher, with pages or volume where known. */
  venue: string;
  /** A stable address of the work (DOI, arXiv or the publisher's page). */
  url?: string;
  /** The DOI alone ("10.1016/…"), when the work has one besides `url`. */
  doi?: string;
}

export const REFERENCES = {
  lin2016scribblesup: {
    authors: 'Lin, D., Dai, J., Jia, J., He, K. and Sun, J.',
    year: 2016,
    title: 'ScribbleSup: Scribble-Supervised Convolutional Networks for Semantic Segmentation',
    venue: 'IEEE Conference on Computer Vision and Pattern Recognition (CVPR), pp. 3159–3167',
    url: 'https://arxiv.org/abs/1604.05144',
  },
  tang2018regularized: {
    authors: 'Tang, M., Perazzi, F., Djelouah, A., Ben Ayed, I., Schroers, C. and Boykov, Y.',
    year: 2018,
    title: 'On Regularized Losses for Weakly-supervised CNN Segmentation',
    venue: 'European Conference on Computer Vision (ECCV), pp. 507–522',
    url: 'https://arxiv.org/abs/1803.09569',
  },
  tang2018rlossCode: {
    authors: 'Tang, M.',
    year: 2018,
    title: 'rloss: Regularized Losses for Weakly-supervised CNN Segmentation (code and results table, README)',
    venue: 'GitHub repository meng-tang/rloss',
    url: 'https://github.com/meng-tang/rloss',
  },
  tang2018ncut: {
    authors: 'Tang, M., Djelouah, A., Perazzi, F., Boykov, Y. and Schroers, C.',
    year: 2018,
    title: 'Normalized Cut Loss for Weakly-supervised CNN Segmentation',
    venue: 'IEEE Conference on Computer Vision and Pattern Recognition (CVPR)',
    url: 'https://arxiv.org/abs/1804.01346',
  },
  obukhov2019gatedcrf: {
    authors: 'Obukhov, A., Georgoulis, S., Dai, D. and Van Gool, L.',
    year: 2019,
    title: 'Gated CRF Loss for Weakly Supervised Semantic Image Segmentation',
    venue: 'arXiv preprint arXiv:1906.04651',
    url: 'https://arxiv.org/abs/1906.04651',
  },
  shi2000ncut: {
    authors: 'Shi, J. and Malik, J.',
    year: 2000,
    title: 'Normalized Cuts and Image Segmentation',
    venue: 'IEEE Transactions on Pattern Analysis and Machine Intelligence 22(8), pp. 888–905',
    url: 'https://doi.org/10.1109/34.868688',
    doi: '10.1109/34.868688',
  },
  luo2022scribble: {
    authors: 'Luo, X., Hu, M., Liao, W., Zhai, S., Song, T., Wang, G. and Zhang, S.',
    year: 2022,
    title:
      'Scribble-Supervised Medical Image Segmentation via Dual-Branch Network and Dynamically Mixed Pseudo Labels Supervision',
    venue: 'Medical Image Computing and Computer Assisted Intervention (MICCAI), pp. 528–538',
    url: 'https://arxiv.org/abs/2203.02106',
  },
  elkan2008pu: {
    authors: 'Elkan, C. and Noto, K.',
    year: 2008,
    title: 'Learning Classifiers from Only Positive and Unlabeled Data',
    venue: 'ACM SIGKDD International Conference on Knowledge Discovery and Data Mining (KDD), pp. 213–220',
    url: 'https://doi.org/10.1145/1401890.1401920',
  },
  duplessis2014analysis: {
    authors: 'du Plessis, M. C., Niu, G. and Sugiyama, M.',
    year: 2014,
    title: 'Analysis of Learning from Positive and Unlabeled Data',
    venue: 'Advances in Neural Information Processing Systems 27 (NIPS), pp. 703–711',
  },
  duplessis2015convex: {
    authors: 'du Plessis, M. C., Niu, G. and Sugiyama, M.',
    year: 2015,
    title: 'Convex Formulation for Learning from Positive and Unlabeled Data',
    venue: 'International Conference on Machine Learning (ICML), PMLR 37, pp. 1386–1394',
  },
  kiryo2017nnpu: {
    authors: 'Kiryo, R., Niu, G., du Plessis, M. C. and Sugiyama, M.',
    year: 2017,
    title: 'Positive-Unlabeled Learning with Non-Negative Risk Estimator',
    venue: 'Advances in Neural Information Processing Systems 30 (NIPS), pp. 1675–1685',
    url: 'https://arxiv.org/abs/1703.00593',
  },
  bekker2020pusurvey: {
    authors: 'Bekker, J. and Davis, J.',
    year: 2020,
    title: 'Learning from Positive and Unlabeled Data: A Survey',
    venue: 'Machine Learning 109, pp. 719–760',
    url: 'https://arxiv.org/abs/1808.08755',
    doi: '10.1007/s10994-020-05877-5',
  },
  zhang2022shapepu: {
    authors: 'Zhang, K. and Zhuang, X.',
    year: 2022,
    title:
      'ShapePU: A New PU Learning Framework Regularized by Global Consistency for Scribble Supervised Cardiac Segmentation',
    venue: 'Medical Image Computing and Computer Assisted Intervention (MICCAI), LNCS 13438, pp. 162–172',
    url: 'https://arxiv.org/abs/2206.02118',
  },
  zhangpyCsdnPartialCe: {
    authors: 'Zhang_P_Y',
    title: '【计算机视觉】关于partial cross entropy loss用于弱监督语义分割中的说明',
    titleLang: 'zh',
    venue: 'CSDN blog post (in Chinese; on partial cross-entropy for weakly supervised semantic segmentation)',
  },
  kervadec2019constrained: {
    authors: 'Kervadec, H., Dolz, J., Tang, M., Granger, E., Boykov, Y. and Ben Ayed, I.',
    year: 2019,
    title: 'Constrained-CNN Losses for Weakly Supervised Segmentation',
    venue: 'Medical Image Analysis 54, pp. 88–99',
    url: 'https://arxiv.org/abs/1805.04628',
    doi: '10.1016/j.media.2019.02.009',
  },
  krahenbuhl2011densecrf: {
    authors: 'Krähenbühl, P. and Koltun, V.',
    year: 2011,
    title: 'Efficient Inference in Fully Connected CRFs with Gaussian Edge Potentials',
    venue: 'Advances in Neural Information Processing Systems 24 (NIPS)',
    url: 'https://arxiv.org/abs/1210.5644',
  },
  chen2015deeplab: {
    authors: 'Chen, L.-C., Papandreou, G., Kokkinos, I., Murphy, K. and Yuille, A. L.',
    year: 2015,
    title: 'Semantic Image Segmentation with Deep Convolutional Nets and Fully Connected CRFs',
    venue: 'International Conference on Learning Representations (ICLR)',
    url: 'https://arxiv.org/abs/1412.7062',
  },
  everingham2010voc: {
    authors: 'Everingham, M., Van Gool, L., Williams, C. K. I., Winn, J. and Zisserman, A.',
    year: 2010,
    title: 'The PASCAL Visual Object Classes (VOC) Challenge',
    venue: 'International Journal of Computer Vision 88(2), pp. 303–338',
    url: 'https://doi.org/10.1007/s11263-009-0275-4',
  },
  everingham2012devkit: {
    authors: 'Everingham, M. and Winn, J.',
    year: 2012,
    title: 'The PASCAL Visual Object Classes Challenge 2012 (VOC2012) Development Kit',
    venue: 'Technical report (development kit documentation), PASCAL VOC',
    url: 'http://host.robots.ox.ac.uk/pascal/VOC/voc2012/htmldoc/index.html',
  },
  bernard2018acdc: {
    authors: 'Bernard, O., Lalande, A., Zotti, C., et al.',
    year: 2018,
    title:
      'Deep Learning Techniques for Automatic MRI Cardiac Multi-Structures Segmentation and Diagnosis: Is the Problem Solved?',
    venue: 'IEEE Transactions on Medical Imaging 37(11), pp. 2514–2525',
    url: 'https://doi.org/10.1109/TMI.2018.2837502',
  },
  valvano2021scribbles: {
    authors: 'Valvano, G., Leo, A. and Tsaftaris, S. A.',
    year: 2021,
    title: 'Learning to Segment From Scribbles Using Multi-Scale Adversarial Attention Gates',
    venue: 'IEEE Transactions on Medical Imaging 40(8), pp. 1990–2001',
    url: 'https://arxiv.org/abs/2007.01152',
  },
  pytorchCrossEntropy: {
    authors: 'PyTorch contributors',
    year: 2024,
    title: 'torch.nn.CrossEntropyLoss',
    venue: 'PyTorch documentation',
    url: 'https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html',
  },
  ronneberger2015unet: {
    authors: 'Ronneberger, O., Fischer, P. and Brox, T.',
    year: 2015,
    title: 'U-Net: Convolutional Networks for Biomedical Image Segmentation',
    venue: 'Medical Image Computing and Computer-Assisted Intervention (MICCAI), pp. 234–241',
    url: 'https://arxiv.org/abs/1505.04597',
  },
  kingma2015adam: {
    authors: 'Kingma, D. P. and Ba, J.',
    year: 2015,
    title: 'Adam: A Method for Stochastic Optimization',
    venue: 'International Conference on Learning Representations (ICLR)',
    url: 'https://arxiv.org/abs/1412.6980',
  },
} satisfies Record<string, Reference>;

export type ReferenceKey = keyof typeof REFERENCES;

/** True when `key` names an entry of `REFERENCES`. */
export function isReferenceKey(key: string): key is ReferenceKey {
  return Object.hasOwn(REFERENCES, key);
}
