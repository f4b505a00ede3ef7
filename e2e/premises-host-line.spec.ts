import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { SignInPage } from './pages/sign-in-page'
import { startPremisesHostProcess } from './support/premises'

test("the host line of Benches and backups shows the host certificate's whole fingerprint, as the pairing code does", async ({
  page
}) => {
  const host = await startPremisesHostProcess()
  try {
    const fingerprint = new URL(await host.code()).searchParams.get('fingerprint')!
    // SHA-256: 32 bytes, colon between, as the bench compares it.
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)

    await page.goto(host.openUrl)
    await new SignInPage(page).signInAs('Training Administrator', '9999')
    await page.getByRole('button', { name: 'Users' }).click()
    const benches = page.getByRole('region', { name: 'Benches and backups' })
    await expect(benches).toContainText(
      `Workstations join this host at ${host.premisesUrl} (certificate ${fingerprint}).`
    )
    await benches.getByRole('button', { name: 'Show a pairing code' }).press('Enter')
    await expect(benches.getByLabel('Pairing code')).toContainText(
      `(the bench checks it before it sends the code): ${fingerprint};`
    )
  } finally {
    await host.stop()
  }
})

test("Benches and backups shows how old the store's last good backup is, and Back up now makes one there", async ({
  page
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'counter-host-backups-'))
  const host = await startPremisesHostProcess({ backupDir: folder })
  try {
    await page.goto(host.openUrl)
    await new SignInPage(page).signInAs('Training Administrator', '9999')
    await page.getByRole('button', { name: 'Users' }).click()
    const benches = page.getByRole('region', { name: 'Benches and backups' })
    await expect(benches).toContainText(`to ${folder}`)
    await benches.getByRole('button', { name: 'Back up now' }).press('Enter')
    await expect(benches).toContainText(/last good copy 0 min ago \(\d\d\/\d\d\/\d{4},? \d\d:\d\d/)
    expect(readdirSync(folder).some((file) => file.endsWith('.sqlite'))).toBe(true)
  } finally {
    await host.stop()
    rmSync(folder, { recursive: true, force: true })
  }
})
