import dns from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectMcp } from '@/lib/mcp/client';
import { McpError } from '@/lib/mcp/errors';
import { createPolicyFetch } from '@/lib/mcp/policy-fetch';
import { checkMcpUrl, type Resolver } from '@/lib/mcp/url-policy';
import type { UrlPolicy } from '@/lib/mcp/types';

const strict: UrlPolicy = { allowPrivate: false, allowList: [] };
const dev: UrlPolicy = { allowPrivate: true, allowList: [] };

/** A resolver with fixed answers, so DNS-dependent rules are tested without DNS. */
function fakeDns(table: Record<string, string[]>): Resolver {
  return async (host) => {
    const answer = table[host];
    if (!answer)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answer;
  };
}

async function refusal(work: Promise<unknown>): Promise<McpError> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).hint.length).toBeGreaterThan(10);
    return error as McpError;
  }
  throw new Error('expected a refusal');
}

describe('checkMcpUrl', () => {
  it('accepts public http(s) URLs and returns the parsed URL', async () => {
    const dns = fakeDns({ 'mcp.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    const url = await checkMcpUrl('https://mcp.example.com/mcp', strict, dns);
    expect(url.href).toBe('https://mcp.example.com/mcp');
  });

  it.each([
    'not a url',
    'mcp.example.com/mcp',
    'ftp://example.com/mcp',
    'file:///etc/passwd',
    'javascript:alert(1)',
  ])('refuses %s as invalid_url', async (input) => {
    const error = await refusal(checkMcpUrl(input, dev, fakeDns({})));
    expect(error.code).toBe('invalid_url');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://169.254.10.1/',
    'http://[fe80::1]/mcp',
    'http://[fd00:ec2::254]/',
    'http://100.100.100.200/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://[::ffff:169.254.169.254]/',
  ])(
    'always refuses link-local / metadata %s, even with allowPrivate and an allow-list',
    async (input) => {
      const policy: UrlPolicy = {
        allowPrivate: true,
        allowList: ['169.254.0.0/16', 'metadata.google.internal'],
      };
      const error = await refusal(checkMcpUrl(input, policy, fakeDns({})));
      expect(error.code).toBe('url_not_allowed');
      expect(error.notDelivered).toBe(true);
    },
  );

  it.each([
    'http://127.0.0.1:3000/mcp',
    'http://10.1.2.3/mcp',
    'http://172.16.5.4/mcp',
    'http://192.168.1.10/mcp',
    'http://[::1]:3000/mcp',
    'http://[fc00::5]/mcp',
    'http://0.0.0.0:3000/mcp',
    'http://localhost:3000/mcp',
  ])('refuses private / loopback %s unless allowed', async (input) => {
    const dns = fakeDns({ localhost: ['127.0.0.1'] });
    const error = await refusal(checkMcpUrl(input, strict, dns));
    expect(error.code).toBe('url_not_allowed');
    await expect(checkMcpUrl(input, dev, dns)).resolves.toBeInstanceOf(URL);
  });

  // Found by an outside probe (issue 13 item 7): IPv6 forms that carry an IPv4 address, and
  // IANA special-purpose IPv4 ranges outside the old hand-picked list.
  it.each([
    ['http://[64:ff9b::169.254.169.254]/mcp', 'never'],
    ['http://[64:ff9b::127.0.0.1]/mcp', 'private'],
    ['http://[::127.0.0.1]/mcp', 'private'],
    ['http://[::ffff:0:127.0.0.1]/mcp', 'private'],
    ['http://[2002:7f00:1::]/mcp', 'private'],
    ['http://[2002:a9fe:a9fe::1]/mcp', 'never'],
    ['http://[64:ff9b:1::a00:1]/mcp', 'private'],
    ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/mcp', 'private'],
    ['http://192.0.0.1/mcp', 'private'],
    ['http://198.18.0.1/mcp', 'private'],
    ['http://192.0.2.2/mcp', 'private'],
    ['http://203.0.113.9/mcp', 'private'],
    ['http://[2001:db8::1]/mcp', 'private'],
    ['http://[100::1]/mcp', 'private'],
  ])('refuses the special-purpose or IPv4-carrying address %s (%s)', async (input, kind) => {
    const error = await refusal(checkMcpUrl(input, strict, fakeDns({})));
    expect(error.code).toBe('url_not_allowed');
    if (kind === 'never') {
      expect((await refusal(checkMcpUrl(input, dev, fakeDns({})))).code).toBe('url_not_allowed');
    } else {
      await expect(checkMcpUrl(input, dev, fakeDns({}))).resolves.toBeInstanceOf(URL);
    }
  });

  it('judges names by the same ranges, and allows public IPv6 and NAT64 of a public address', async () => {
    const dns = fakeDns({
      'nat64.example.com': ['64:ff9b::7f00:1'],
      'bench.example.com': ['198.18.0.1'],
      'v6.example.com': ['2606:4700::1111'],
      'ok64.example.com': ['64:ff9b::808:808'],
    });
    for (const host of ['nat64.example.com', 'bench.example.com']) {
      const error = await refusal(checkMcpUrl(`https://${host}/mcp`, strict, dns));
      expect(error.message).toMatch(/private, loopback or special-purpose/);
    }
    await expect(checkMcpUrl('https://v6.example.com/mcp', strict, dns)).resolves.toHaveProperty(
      'href',
      'https://v6.example.com/mcp',
    );
    await expect(checkMcpUrl('https://ok64.example.com/mcp', strict, dns)).resolves.toHaveProperty(
      'href',
      'https://ok64.example.com/mcp',
    );
    // An allow-listed IPv4 network also admits the IPv6 forms that carry its addresses.
    await expect(
      checkMcpUrl('http://[64:ff9b::a00:7]/mcp', {
        allowPrivate: false,
        allowList: ['10.0.0.0/8'],
      }),
    ).resolves.toHaveProperty('href', 'http://[64:ff9b::a00:7]/mcp');
  });

  it('allows a private address by host name or CIDR on the allow-list', async () => {
    const dns = fakeDns({
      'tools.internal': ['10.0.0.7'],
      'other.internal': ['10.0.0.8'],
      'x.corp.example': ['10.9.9.9'],
    });
    await expect(
      checkMcpUrl(
        'http://tools.internal/mcp',
        { allowPrivate: false, allowList: ['tools.internal'] },
        dns,
      ),
    ).resolves.toHaveProperty('href', 'http://tools.internal/mcp');
    await expect(
      checkMcpUrl(
        'http://other.internal/mcp',
        { allowPrivate: false, allowList: ['10.0.0.0/24'] },
        dns,
      ),
    ).resolves.toHaveProperty('href', 'http://other.internal/mcp');
    await expect(
      checkMcpUrl(
        'http://x.corp.example/mcp',
        { allowPrivate: false, allowList: ['*.corp.example'] },
        dns,
      ),
    ).resolves.toHaveProperty('href', 'http://x.corp.example/mcp');
    await expect(
      checkMcpUrl(
        'http://192.168.0.5/mcp',
        { allowPrivate: false, allowList: ['192.168.0.5'] },
        dns,
      ),
    ).resolves.toHaveProperty('href', 'http://192.168.0.5/mcp');
    const error = await refusal(
      checkMcpUrl(
        'http://other.internal/mcp',
        { allowPrivate: false, allowList: ['tools.internal'] },
        dns,
      ),
    );
    expect(error.code).toBe('url_not_allowed');
  });

  it('checks every address a name resolves to (DNS rebinding to a private address)', async () => {
    const dns = fakeDns({
      'sneaky.example.com': ['93.184.216.34', '127.0.0.1'],
      'meta.example.com': ['169.254.169.254'],
    });
    expect((await refusal(checkMcpUrl('https://sneaky.example.com/mcp', strict, dns))).code).toBe(
      'url_not_allowed',
    );
    expect((await refusal(checkMcpUrl('https://meta.example.com/mcp', dev, dns))).code).toBe(
      'url_not_allowed',
    );
  });

  it('reports a name that does not resolve as dns', async () => {
    const error = await refusal(checkMcpUrl('https://nothing.invalid/mcp', strict));
    expect(error.code).toBe('dns');
  });

  it('never puts credentials from the URL into the message', async () => {
    const error = await refusal(
      checkMcpUrl('http://admin:hunter2secret@127.0.0.1/mcp', strict, fakeDns({})),
    );
    expect(error.message).not.toContain('hunter2secret');
  });

  it('refuses a URL with a user name or password, without echoing it, under any policy', async () => {
    for (const input of [
      'http://admin:hunter2secret@127.0.0.1:1/mcp',
      'https://hunter2secret@mcp.example.com/mcp',
    ]) {
      const error = await refusal(
        checkMcpUrl(input, dev, fakeDns({ 'mcp.example.com': ['93.184.216.34'] })),
      );
      expect(error.code).toBe('invalid_url');
      expect(error.message).toMatch(/user name or password/);
      expect(`${error.message} ${error.hint}`).not.toContain('hunter2secret');
    }
  });
});

describe('remembered verdicts', () => {
  it('a verdict reached under one policy is never reused under another', async () => {
    const dns = fakeDns({ 'svc.internal': ['10.1.2.3'] });
    // allowed first, under the permissive policies...
    await checkMcpUrl('http://127.0.0.1:3901/mcp', dev);
    await checkMcpUrl(
      'http://svc.internal/mcp',
      { allowPrivate: false, allowList: ['10.0.0.0/8'] },
      dns,
    );
    // ...and still refused, every time, where the policy refuses it
    for (let i = 0; i < 2; i++) {
      expect((await refusal(checkMcpUrl('http://127.0.0.1:3901/mcp', strict))).code).toBe(
        'url_not_allowed',
      );
      expect((await refusal(checkMcpUrl('http://svc.internal/mcp', strict, dns))).code).toBe(
        'url_not_allowed',
      );
      expect(
        (
          await refusal(
            checkMcpUrl(
              'http://svc.internal/mcp',
              { allowPrivate: false, allowList: ['10.9.0.0/16'] },
              dns,
            ),
          )
        ).code,
      ).toBe('url_not_allowed');
    }
  });

  it('a name that later resolves to another address is judged again', async () => {
    let answer = ['93.184.216.34'];
    const dns: Resolver = async () => answer;
    await checkMcpUrl('https://mcp.example.com/mcp', strict, dns);
    answer = ['10.0.0.7'];
    expect((await refusal(checkMcpUrl('https://mcp.example.com/mcp', strict, dns))).code).toBe(
      'url_not_allowed',
    );
  });
});

describe('policy fetch on redirects', () => {
  let server: Server;
  let base: string;
  const seenAuth: Array<string | undefined> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      }
      if (path === '/to-metadata-307') {
        // 307 keeps the POST, so a client that follows it would send the MCP message there.
        res.writeHead(307, { location: 'http://169.254.169.254/mcp' });
        return res.end();
      }
      if (path === '/to-ok') {
        res.writeHead(307, { location: '/ok' });
        return res.end();
      }
      if (path.startsWith('/loop')) {
        const n = Number(path.slice(5) || 0);
        res.writeHead(307, { location: `/loop${n + 1}` });
        return res.end();
      }
      if (path === '/to-other-origin') {
        const port = (server.address() as AddressInfo).port;
        res.writeHead(307, { location: `http://localhost:${port}/ok` });
        return res.end();
      }
      if (path === '/to-rebinding-name') {
        const port = (server.address() as AddressInfo).port;
        res.writeHead(307, { location: `http://rebind.test:${port}/ok` });
        return res.end();
      }
      if (path === '/ok') {
        seenAuth.push(req.headers.authorization);
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('ok');
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a redirect from an allowed host to 169.254.169.254', async () => {
    const policyFetch = createPolicyFetch({ policy: dev });
    const error = await refusal(policyFetch(`${base}/to-metadata`, { method: 'GET' }));
    expect(error.code).toBe('url_not_allowed');
  });

  it('connectMcp refuses a 307 redirect of its POST to the metadata address', async () => {
    const error = await refusal(
      connectMcp({ url: `${base}/to-metadata-307`, policy: dev, timeoutMs: 3_000 }),
    );
    expect(error.code).toBe('url_not_allowed');
  });

  it('connectMcp does not follow a 302 that would turn its POST into a GET', async () => {
    const error = await refusal(
      connectMcp({ url: `${base}/to-metadata`, policy: dev, timeoutMs: 3_000 }),
    );
    expect(error.code).toBe('not_mcp_endpoint');
    expect(error.status).toBe(302);
  });

  it('follows an allowed redirect, keeping credentials within the origin', async () => {
    const policyFetch = createPolicyFetch({
      policy: dev,
      credentialHeaderNames: ['Authorization'],
    });
    const response = await policyFetch(`${base}/to-ok`, {
      method: 'POST',
      body: '{}',
      headers: { Authorization: 'Bearer same-origin' },
    });
    expect(await response.text()).toBe('ok');
    expect(seenAuth.at(-1)).toBe('Bearer same-origin');
  });

  it('drops credential headers when a redirect leaves the origin', async () => {
    const policyFetch = createPolicyFetch({
      policy: dev,
      credentialHeaderNames: ['Authorization'],
    });
    const response = await policyFetch(`${base}/to-other-origin`, {
      headers: { Authorization: 'Bearer secret' },
    });
    expect(await response.text()).toBe('ok');
    expect(seenAuth.at(-1)).toBeUndefined();
  });

  it('refuses, in the policy’s words, a redirect to a name that resolves to a refused address', async () => {
    // The system resolver stands in for DNS; the name is checked where the connection looks it up.
    const lookup = vi
      .spyOn(dns, 'lookup')
      .mockImplementation(((
        _host: string,
        _options: unknown,
        callback: (error: null, addresses: dns.LookupAddress[]) => void,
      ) => callback(null, [{ address: '10.0.0.5', family: 4 }])) as unknown as typeof dns.lookup);
    try {
      const policyErrors: McpError[] = [];
      const policyFetch = createPolicyFetch({
        policy: { allowPrivate: false, allowList: ['127.0.0.1'] },
        onPolicyError: (error) => policyErrors.push(error),
      });
      const before = seenAuth.length;
      const error = await refusal(policyFetch(`${base}/to-rebinding-name`, { method: 'GET' }));
      expect(error.code).toBe('url_not_allowed');
      expect(error.message).toContain('rebind.test resolves to 10.0.0.5');
      expect(policyErrors).toEqual([error]);
      expect(lookup).toHaveBeenCalled();
      expect(seenAuth.length).toBe(before);
    } finally {
      lookup.mockRestore();
    }
  });

  it('stops after 5 redirects', async () => {
    const policyFetch = createPolicyFetch({ policy: dev });
    const error = await refusal(policyFetch(`${base}/loop0`));
    expect(error.code).toBe('not_mcp_endpoint');
  });
});
