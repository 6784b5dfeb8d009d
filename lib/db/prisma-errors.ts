/**
 * The Prisma errors the db functions turn into answers, read by their code in one place (the
 * same codes on SQLite and PostgreSQL).
 */
function prismaCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** "Unique constraint failed" (P2002): two writers raced past a check-then-write. */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCode(error) === 'P2002';
}

/** "Record to update or delete does not exist" (P2025): someone removed it first. */
export function isRecordMissing(error: unknown): boolean {
  return prismaCode(error) === 'P2025';
}
