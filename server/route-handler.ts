import 'server-only';
import { toErrorResponse } from '@/lib/errors';
import { DEFAULT_MAX_BODY_BYTES, guardRequest } from './request-guards';

export interface RouteHandlerOptions {
  /** the largest body this handler reads; DEFAULT_MAX_BODY_BYTES (16 KiB) unless said */
  maxBodyBytes?: number;
}

/**
 * Wraps every route handler (better-auth's included): a state-changing request must come from
 * the console's own origin and be JSON, and its body is refused with 413 past a small limit,
 * by Content-Length and while streaming, before the handler parses anything
 * (server/request-guards.ts). Thrown errors (AppError from requireUser/requireAdmin, ZodError
 * from a schema's parse, anything else) become the one typed JSON error response.
 * The handler's own first line is still `const user = await requireUser()` (or requireAdmin).
 */
export function routeHandler<Rest extends unknown[]>(
  handler: (request: Request, ...rest: Rest) => Promise<Response>,
  options: RouteHandlerOptions = {},
): (request: Request, ...rest: Rest) => Promise<Response> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request: Request, ...rest: Rest) => {
    try {
      const guarded = await guardRequest(request, { maxBodyBytes });
      return await handler(guarded, ...rest);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
