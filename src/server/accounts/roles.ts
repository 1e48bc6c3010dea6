export const roles = ['learner', 'facilitator', 'hr', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Reads the stored comma-separated roles, ignoring anything unknown. */
export function parseRoles(stored: string): Role[] {
  return stored.split(',').filter((role): role is Role => (roles as readonly string[]).includes(role));
}

/** Whether an account with these roles may act as `role`: an admin holds every role. */
export function hasRole(held: readonly Role[], role: Role): boolean {
  return held.includes(role) || held.includes('admin');
}

export const roleLabels: Record<Role, string> = {
  learner: '学员',
  facilitator: '讲师',
  hr: '人力资源',
  admin: '管理员',
};
