/** The four principles of the course, in the order the course teaches them; also the role-play meters. */
export const principleIds = ['respect', 'communication', 'goals', 'improvement'] as const;
export type Principle = (typeof principleIds)[number];

/** The principles' names as the course writes them, for messages to authors. */
export const principleNames: Record<Principle, string> = {
  respect: '尊重与信任',
  communication: '沟通与反馈',
  goals: '共同目标',
  improvement: '持续改进',
};
