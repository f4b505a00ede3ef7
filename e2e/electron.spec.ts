/**
 * The same first flow through the real Electron window, via Playwright's Electron launcher. It
 * runs where an Electron binary exists (developer machines, CI with Electron); on machines that
 * reach only the npm registry there is none, and the test says so and skips.
 */
import { _electron as electron, expect, test } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { electronBinary } from '../scripts/electron-binary.mjs'
import { SignInPage } from './pages/sign-in-page'
import { WorklistPage } from './pages/worklist-page'

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
      return {
        require: typeof scope.require,
        process: typeof scope.process,
        bridge: Object.keys(scope.counter ?? {}).sort()
      }
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
