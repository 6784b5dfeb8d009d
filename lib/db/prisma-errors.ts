/** Prisma's "unique constraint failed" (P2002): two writers raced past a check-then-write. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}
