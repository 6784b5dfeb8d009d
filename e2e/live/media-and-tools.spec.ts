import { callTool, text } from '@/agent/test/support/scripted-realtime-server';
import { listCallEvents } from '@/lib/db/call-events';
import { expect, test } from './fixtures';
import { joinAsObserver } from './support/observer';
import { agentState, startCallFromPage } from './support/call-page';
import { pageAudioLevel, startMeasuringPageAudio } from './support/page-audio';
import { GET_SUM, registerMcpServer } from './support/seed';

/**
 * Media both ways, typed text and a tool call, through the real LiveKit server: the browser's
 * fake microphone reaches the model through LiveKit and the worker; the model's speech comes back
 * as the agent's audio track and its words; a typed question goes over lk.chat; the model's tool
 * call runs on server-everything and is shown live from console.events; what was published is
 * what was stored.
 */
const ANSWER = 'Two plus three is five.';

test('the caller talks and types, the agent answers with sound and runs a tool; published events are the stored ones', async ({
  stack,
  db,
  member,
  memberPage: page,
}) => {
  await registerMcpServer(db, { name: 'Everything (live)', url: stack.mcp.url, tools: [GET_SUM] });
  stack.realtime.script(callTool('get-sum', { a: 2, b: 3 }, 'call_live_sum'), text(ANSWER));

  const { callId, roomName } = await startCallFromPage(page, db, member.id);
  await expect(agentState(page)).toHaveText('listening', { timeout: 20_000 });
  const observer = await joinAsObserver({ livekit: stack.livekit, roomName });
  try {
    // Caller → LiveKit → worker → model: the fake microphone's sound, measured where it lands.
    stack.realtime.resetInputAudio();
    await expect
      .poll(() => stack.realtime.inputAudioLevel().loudestRms, { timeout: 15_000 })
      .toBeGreaterThan(0.02);
    const heard = stack.realtime.inputAudioLevel();
    test.info().annotations.push({
      type: 'audio in (model)',
      description: `rms ${heard.rms.toFixed(4)}, loudest 100 ms ${heard.loudestRms.toFixed(4)}, peak ${heard.peak.toFixed(4)} over ${heard.chunks} chunks`,
    });

    await startMeasuringPageAudio(page);
    // Typed text over lk.chat reaches the model as the user's words.
    await page.getByLabel('Type to the agent').fill('What is 2 plus 3?');
    await page.getByRole('button', { name: 'Send' }).click();
    const userItem = await stack.realtime.waitFor(
      (e) =>
        e.type === 'conversation.item.create' &&
        (e.item as { role?: string }).role === 'user' &&
        JSON.stringify(e.item).includes('What is 2 plus 3?'),
      20_000,
    );
    expect(userItem.item).toMatchObject({ type: 'message', role: 'user' });

    // The tool ran on the real MCP server and the model got its answer.
    const output = await stack.realtime.waitForFunctionCallOutput('call_live_sum', 20_000);
    expect(output.output).toContain('5');
    await expect(page.getByLabel('Tool call get-sum: done')).toBeVisible();
    // The answer, as the agent's words in the transcript (lk.transcription and the stored log).
    await expect(page.getByRole('log', { name: 'Call transcript' })).toContainText(ANSWER, {
      timeout: 20_000,
    });
    // ... and as sound on the agent's track.
    await expect
      .poll(async () => (await pageAudioLevel(page)).loudest, { timeout: 15_000 })
      .toBeGreaterThan(0.02);
    const played = await pageAudioLevel(page);
    test.info().annotations.push({
      type: 'audio out (browser)',
      description: `loudest 50 ms rms ${played.loudest.toFixed(4)} over ${played.elements} audio element(s)`,
    });

    // Every published tool_call state, in order, over console.events.
    await expect
      .poll(() =>
        observer.events
          .filter((o) => o.event.type === 'tool_call' && o.event.toolCallId === 'call_live_sum')
          .map((o) => (o.event.type === 'tool_call' ? o.event.state : '')),
      )
      .toEqual(['requested', 'executing', 'done']);
    expect(observer.rejected).toEqual([]);
  } finally {
    await observer.disconnect();
  }

  await page.getByRole('button', { name: 'End call' }).click();
  await expect
    .poll(async () => (await db.call.findUniqueOrThrow({ where: { id: callId } })).status)
    .toBe('ended');

  // Stored == published: every event the room carried is stored as it was, and seq has no gap.
  const stored = await listCallEvents({ db, callId });
  expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i));
  const published = observer.events.map((o) => o.event);
  expect(published.length).toBeGreaterThan(3);
  const bySeq = new Map(stored.map((e) => [e.seq, e]));
  for (const event of published) expect(bySeq.get(event.seq)).toEqual(event);
  const seqs = published.map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
});
