import 'server-only';
import { toErrorResponse } from '@/lib/errors';

/**
 * Wraps a route handler so thrown errors (AppError from requireUser/requireAdmin, ZodError
 * from a schema's parse, anything else) become the one typed JSON error response.
 * The handler's own first line is still `const user = await requireUser()` (or requireAdmin).
 */
export function routeHandler<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
