/**
 * The same first flow through the real Electron window, via Playwright's Electron launcher. It
 * runs where an Electron binary exists (developer machines, CI with Electron); on machines that
 * reach only the npm registry there is none, and the test says so and skips.
 */
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'

function electronBinary(): string | null {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const binary = electronBinary()

test('in the Electron window: sign in, see the worklist, open a request', async () => {
  test.skip(binary === null, 'no Electron binary on this machine (it downloads from outside the npm registry)')
  const userData = mkdtempSync(join(tmpdir(), 'counter-electron-'))
  const app = await electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] })
  try {
    const page = await app.firstWindow()
    // What the page can reach: exactly the contract's bridge, and no Node.
    const reach = await page.evaluate(() => {
      const scope = globalThis as unknown as { require?: unknown; process?: unknown; counter?: Record<string, unknown> }
      return { require: typeof scope.require, process: typeof scope.process, bridge: Object.keys(scope.counter ?? {}).sort() }
    })
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'onEvent'] })
    await new SignInPage(page).signInAs('Alex Jones', '2222')
    const worklist = new WorklistPage(page)
    await worklist.expectLoaded()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { name: 'Prescription' })).toBeVisible()
  } finally {
    await app.close()
    rmSync(userData, { recursive: true, force: true })
  }
})
