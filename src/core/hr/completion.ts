/** Where a learner stands as HR filters it: the course status, with 即将到期 for a certificate running out within 30 days. */
export type LearnerStatusFilter = 'not-started' | 'in-progress' | 'completed' | 'expiring' | 'expired';

export const learnerStatusFilters: readonly LearnerStatusFilter[] = ['not-started', 'in-progress', 'completed', 'expiring', 'expired'];

export const statusLabels: Record<LearnerStatusFilter, string> = {
  'not-started': '未开始',
  'in-progress': '学习中',
  completed: '已完成',
  expiring: '即将到期',
  expired: '已过期',
};

/** A certificate expiring within this window counts as 即将到期. */
export const EXPIRING_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** The figures of one department (or of everyone) on the dashboard. */
export interface CompletionFigures {
  department: string;
  /** Learner accounts, whether or not they have started. */
  learners: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  expired: number;
  certificatesValid: number;
  certificatesExpiring: number;
}

export interface BarSegment {
  key: 'completed' | 'inProgress' | 'notStarted' | 'expired';
  label: string;
  count: number;
  /** Share of the department's learners, 0–100, and where the segment starts. */
  percent: number;
  offset: number;
}

const segmentLabels: Record<BarSegment['key'], string> = {
  completed: '已完成',
  inProgress: '学习中',
  notStarted: '未开始',
  expired: '已过期',
};

/** Splits a department's learners into the stacked bar the chart draws, in a fixed order. */
export function completionBar(figures: CompletionFigures): BarSegment[] {
  const keys: BarSegment['key'][] = ['completed', 'inProgress', 'expired', 'notStarted'];
  let offset = 0;
  return keys.map((key) => {
    const percent = figures.learners ? (figures[key] / figures.learners) * 100 : 0;
    const segment = { key, label: segmentLabels[key], count: figures[key], percent, offset };
    offset += percent;
    return segment;
  });
}

/** Adds the departments up into one row for the whole organisation. */
export function totalFigures(rows: readonly CompletionFigures[], label = '全部'): CompletionFigures {
  const total: CompletionFigures = { department: label, learners: 0, notStarted: 0, inProgress: 0, completed: 0, expired: 0, certificatesValid: 0, certificatesExpiring: 0 };
  for (const row of rows) {
    for (const key of ['learners', 'notStarted', 'inProgress', 'completed', 'expired', 'certificatesValid', 'certificatesExpiring'] as const) total[key] += row[key];
  }
  return total;
}

/** A share as a whole percentage, e.g. 0.456 → "46%". */
export function percentText(share: number): string {
  return `${Math.round(share * 100)}%`;
}
