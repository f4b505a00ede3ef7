import { test as base, expect, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'

export interface BrowserModeApp {
  /** The address to open, with this run's token. */
  openUrl: string
  dataDir: string
}

/** Starts browser mode exactly as `npm run start:browser` does (built renderer assumed), on its own data directory. */
async function startBrowserMode(extraArgs: string[] = []): Promise<{ app: BrowserModeApp; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-e2e-'))
  const child: ChildProcess = spawn('npx', ['tsx', 'src/browser/cli.ts', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /^ready (\S+)$/m.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`browser mode exited (${code}):\n${output}`)))
  })
  return {
    app: { openUrl, dataDir },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export const test = base.extend<{ counter: BrowserModeApp; signIn: SignInPage; worklist: WorklistPage }>({
  // Playwright reads the fixture's dependencies from this (empty) pattern.
  // eslint-disable-next-line no-empty-pattern
  counter: async ({}, use) => {
    const started = await startBrowserMode()
    await use(started.app)
    await started.stop()
  },
  signIn: async ({ page, counter }, use) => {
    await page.goto(counter.openUrl)
    await use(new SignInPage(page))
  },
  worklist: async ({ page }, use) => use(new WorklistPage(page))
})

export { expect, type Page }
