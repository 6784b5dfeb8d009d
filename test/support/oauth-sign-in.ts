/**
 * Signs in at the test authorization server the way a person does in a browser, over plain HTTP:
 * follows its redirects with its cookies, fills its development login form (any login) and
 * presses Continue on its consent page, until it redirects back to the console's callback.
 * The e2e test does the same in Chromium.
 */

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair?.indexOf('=') ?? -1;
    if (!pair || index < 0) continue;
    jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
}

function formOf(html: string): { action: string; fields: Record<string, string> } | undefined {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(
    /<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g,
  )) {
    fields[match[1]!] = match[2]!;
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

export async function signInAtAuthorizationServer(
  authorizationUrl: URL | string,
  { redirectUrl, login = 'alice' }: { redirectUrl: string; login?: string },
): Promise<{ code: string; state: string | null; callbackUrl: URL }> {
  const jar = new Map<string, string>();
  let url = new URL(String(authorizationUrl));
  let init: RequestInit = { method: 'GET' };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader(jar) },
    });
    keepCookies(jar, response);
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUrl)) {
        const error = next.searchParams.get('error');
        if (error)
          throw new Error(
            `authorization failed: ${error} ${next.searchParams.get('error_description') ?? ''}`,
          );
        return {
          code: next.searchParams.get('code') ?? '',
          state: next.searchParams.get('state'),
          callbackUrl: next,
        };
      }
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const html = await response.text();
    const form = formOf(html);
    if (!form)
      throw new Error(
        `unexpected page from the authorization server (${response.status}): ${html.slice(0, 300)}`,
      );
    const fields = { ...form.fields };
    if (fields.prompt === 'login') Object.assign(fields, { login, password: 'any-password' });
    url = new URL(form.action, url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    };
  }
  throw new Error('the authorization server did not redirect back within 20 steps');
}
