import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';
import { routeHandler } from '@/server/route-handler';

// better-auth's own endpoints (sign-in, sign-out, session, admin/*). Sign-in must accept
// anonymous requests; better-auth guards the rest itself (sign-up is disabled, admin/* checks
// the session's role). test/access-sweep.test.ts proves both. The shared wrapper refuses
// cross-origin and non-JSON posts and bodies past its limit before better-auth parses them.
export const GET = routeHandler(async (request: Request) =>
  toNextJsHandler(getAuth()).GET(request),
);

export const POST = routeHandler(async (request: Request) =>
  toNextJsHandler(getAuth()).POST(request),
);
