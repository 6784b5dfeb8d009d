import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { CALL_TOKEN_TTL_SECONDS, mintCallToken } from '@/server/call-token';

const apiKey = 'test-key';
const apiSecret = 'test-secret-test-secret-test-secret-32';

async function mintAndVerify(overrides: Partial<Parameters<typeof mintCallToken>[0]> = {}) {
  const before = Math.floor(Date.now() / 1000);
  const jwt = await mintCallToken({
    apiKey,
    apiSecret,
    identity: 'user-123',
    name: 'Ann Caller',
    roomName: 'call-abc',
    agentName: 'voice-console-agent',
    callId: 'call-id-1',
    ...overrides,
  });
  const claims = await new TokenVerifier(apiKey, apiSecret).verify(jwt);
  return { jwt, claims, before };
}

describe('the call token', () => {
  it('is for the user, for a short time', async () => {
    const { claims, before } = await mintAndVerify();
    expect(claims.sub).toBe('user-123');
    expect(claims.name).toBe('Ann Caller');
    expect(claims.iss).toBe(apiKey);
    expect(CALL_TOKEN_TTL_SECONDS).toBe(600);
    const lifetime = (claims.exp ?? 0) - before;
    expect(lifetime).toBeGreaterThanOrEqual(599);
    expect(lifetime).toBeLessThanOrEqual(601);
  });

  it('grants joining this room only, microphone publishing, subscribing and data; nothing else', async () => {
    const { claims } = await mintAndVerify();
    expect(claims.video).toEqual({
      room: 'call-abc',
      roomJoin: true,
      canPublish: true,
      canPublishSources: ['microphone'],
      canSubscribe: true,
      canPublishData: true,
      canUpdateOwnMetadata: false,
    });
    for (const admin of [
      'roomAdmin',
      'roomCreate',
      'roomList',
      'roomRecord',
      'ingressAdmin',
      'agent',
      'hidden',
      'recorder',
    ])
      expect(claims.video).not.toHaveProperty(admin);
    expect(claims.sip).toBeUndefined();
  });

  it("dispatches the named agent with the call's id as metadata", async () => {
    const { claims } = await mintAndVerify();
    const roomConfig = claims.roomConfig as unknown as {
      agents?: Array<{ agentName?: string; metadata?: string }>;
    };
    expect(roomConfig.agents).toHaveLength(1);
    expect(roomConfig.agents?.[0]?.agentName).toBe('voice-console-agent');
    expect(JSON.parse(roomConfig.agents?.[0]?.metadata ?? '')).toEqual({ callId: 'call-id-1' });
  });

  it('is refused when signed with another secret', async () => {
    const { jwt } = await mintAndVerify();
    await expect(
      new TokenVerifier(apiKey, 'another-secret-another-secret-123').verify(jwt),
    ).rejects.toThrow();
  });
});
