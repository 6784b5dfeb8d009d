import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';

// better-auth's own endpoints (sign-in, sign-out, session, admin/*). Sign-in must accept
// anonymous requests; better-auth guards the rest itself (sign-up is disabled, admin/* checks
// the session's role). test/access-sweep.test.ts proves both.
export async function GET(request: Request): Promise<Response> {
  return toNextJsHandler(getAuth()).GET(request);
}

export async function POST(request: Request): Promise<Response> {
  return toNextJsHandler(getAuth()).POST(request);
}
