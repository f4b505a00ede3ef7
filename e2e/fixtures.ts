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

/** Runs a command until a line matches, and hands back the match and a way to stop it. */
export async function startUntil(
  command: string,
  args: string[],
  ready: RegExp,
  env: Record<string, string> = {}
): Promise<{ match: RegExpExecArray; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ...env }
  })
  let output = ''
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const found = ready.exec(output)
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}):\n${output}`)))
  })
  return {
    match,
    stop: async () => {
      // npx leaves its child running when only npx is killed: end the whole group (if still there),
      // and wait for every process in it, not npx alone, which exits before the app has closed
      // (the app still writes its folders as it closes: removing them before then fails).
      if (!signalGroup(child.pid!, 'SIGTERM')) return
      if (!(await groupGone(child.pid!, 15_000))) {
        signalGroup(child.pid!, 'SIGKILL')
        await groupGone(child.pid!, 5_000)
      }
    }
  }
}

/** Sends `signal` to the process group led by `leader`; false when no process is left in it. */
function signalGroup(leader: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-leader, signal)
    return true
  } catch {
    return false
  }
}

/** Waits until no process is left in the group led by `leader`; false if some still are at `withinMs`. */
async function groupGone(leader: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs
  while (signalGroup(leader, 0)) {
    if (Date.now() > until) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

/** The project's Phensys sandbox, started as `npm run sandbox` starts it. */
export async function startSandboxProcess(token: string): Promise<{ url: string; stop(): Promise<void> }> {
  const started = await startUntil(
    'npx',
    ['tsx', 'src/sandbox/cli.ts', '--port', '0', '--token', token],
    /listening on (http:\/\/127\.0\.0\.1:\d+)/
  )
  return { url: started.match[1]!, stop: started.stop }
}

/**
 * Starts browser mode exactly as `npm run start:browser` does (built renderer assumed), on its own
 * data and key folders. A live workstation: `phensys` (the token goes in the environment, as it must).
 */
export async function startBrowserMode(
  phensys: { url: string; token: string } | null = null
): Promise<{ app: BrowserModeApp; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-e2e-'))
  const live = phensys ? ['--phensys-url', phensys.url] : []
  const started = await startUntil(
    'npx',
    ['tsx', 'src/browser/cli.ts', '--port', '0', '--data-dir', dataDir, ...live],
    /^ready (\S+)$/m,
    phensys ? { PHENSYS_TOKEN: phensys.token } : {}
  )
  return {
    app: { openUrl: started.match[1]!, dataDir },
    stop: async () => {
      // Every process of the app has exited (stop waits for them), so nothing writes here any more;
      // the retries cover a file system slow to let go of what was just closed.
      await started.stop()
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
      rmSync(`${dataDir}.keys`, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
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
