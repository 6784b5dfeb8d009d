import { z } from 'zod';

/** Formats zod issues on an env object as one line per variable, naming each. */
export function describeEnvIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`)
    .join('\n');
}

export function parseEnvOrExit<T extends z.ZodType>(
  schema: T,
  source: Record<string, string | undefined>,
  processName: string,
): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const message = `Invalid configuration for the ${processName}:\n${describeEnvIssues(parsed.error)}\nSee .env.example for every variable.`;
  throw new Error(message);
}

/** Empty strings count as unset, as in most .env tooling. */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const csvList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** An on/off switch: true/1/yes or false/0/no (any case); unset means off. */
export const booleanFlag = optionalString.pipe(
  z
    .string()
    .regex(/^(true|false|1|0|yes|no)$/i, 'use true or false')
    .transform((v) => /^(true|1|yes)$/i.test(v))
    .optional()
    .transform((v) => v ?? false),
);
