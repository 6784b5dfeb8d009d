export const ROLES = { admin: 'admin', member: 'member' } as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];

export function isAdminRole(role: string | null | undefined): boolean {
  return role === ROLES.admin;
}
