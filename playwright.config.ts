import { defineConfig } from '@playwright/test'

/**
 * End-to-end tests drive browser mode in Debian's Chromium (never a downloaded browser).
 * Where an Electron binary exists, e2e/electron.spec.ts runs the same flows through Playwright's
 * Electron launcher.
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  // Playwright types a wedge burst less evenly than a scanner under load; on CI a failed test is
  // tried once more and reported as flaky, never silently passed.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  }
})
