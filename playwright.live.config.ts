import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { ensureToneWav } from './e2e/live/support/tone-wav';

/**
 * The live tier: real calls through a real livekit-server, production consoles and real agent
 * worker processes, all started by the tests themselves (e2e/live/fixtures.ts) on ports chosen at
 * run time. A config of its own rather than a project of playwright.config.ts: that one's web
 * server is a console pointed at a LiveKit URL where nothing listens (its Status and call-page
 * tests rely on it), while here every console is started by the fixtures with the LiveKit URL
 * known only once its server runs.
 */
const microphone = ensureToneWav(path.resolve(import.meta.dirname, 'data', 'live-microphone.wav'));

export default defineConfig({
  testDir: './e2e/live',
  // One worker: one LiveKit server, console and agent worker for the whole tier.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/live',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report/live' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${microphone}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
  projects: [{ name: 'live', use: { ...devices['Desktop Chrome'] } }],
});
