import { expect, test } from './fixtures';

test('the Status page reports a missing OpenAI key and an unreachable LiveKit server with reasons', async ({
  memberPage,
}) => {
  await memberPage.goto('/status');
  const list = memberPage.getByRole('list', { name: 'Dependencies' });
  const livekit = list.getByRole('listitem').filter({ hasText: 'LiveKit server' });
  await expect(livekit).toContainText('Not ready');
  await expect(livekit).toContainText('Cannot reach ws://127.0.0.1:7899');
  await expect(livekit).toContainText('connection refused');

  const openai = list.getByRole('listitem').filter({ hasText: 'OpenAI API key' });
  await expect(openai).toContainText('OPENAI_API_KEY is not set');

  const database = list.getByRole('listitem').filter({ hasText: 'Database' });
  await expect(database).toContainText('Ready');
  await expect(database).toContainText('migration(s) applied');

  await memberPage.getByRole('button', { name: 'Check again' }).click();
  await expect(livekit).toContainText('Not ready');
});
