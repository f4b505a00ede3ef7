import { expect, type Locator, type Page } from '@playwright/test'

/** The Devices screen (F8): scanners, the label printer and the print queue. */
export class DevicesPage {
  constructor(private readonly page: Page) {}

  async openWithF8(): Promise<void> {
    await this.page.keyboard.press('F8')
    await expect(this.page.getByRole('main', { name: 'Devices' })).toBeVisible()
  }

  printerSettings(): Locator {
    return this.page.getByRole('form', { name: 'Label printer settings' })
  }

  printerStatus(): Locator {
    return this.page.getByLabel('Printer status')
  }

  /** A network (raw TCP) label printer, saved. */
  async useNetworkPrinter(host: string, port: number): Promise<void> {
    const form = this.printerSettings()
    await form.getByLabel('Printer kind').selectOption({ label: 'Network (ZPL over TCP)' })
    await form.getByLabel('Address (host name or IP)').fill(host)
    await form.getByLabel('TCP port').fill(String(port))
    await form.getByRole('button', { name: 'Save printer' }).click()
    await expect(form.getByRole('status')).toHaveText(`Saved: Network printer ${host}:${port}.`)
  }

  /** Prints a test label with the T key (focus outside any field); answers the new job's id. */
  async printTestLabel(): Promise<number> {
    const before = await this.jobRows().count()
    // A click on the heading leaves any field: T is a key of the screen, not a letter typed.
    await this.page.getByRole('heading', { name: 'Devices', level: 1 }).click()
    await this.page.keyboard.press('t')
    await expect(this.jobRows()).toHaveCount(before + 1)
    // Newest first.
    return Number(await this.jobRows().first().getAttribute('data-job-id'))
  }

  jobRows(): Locator {
    return this.page.getByRole('table', { name: 'Print jobs' }).locator('tbody tr[data-job-id]')
  }

  job(id: number): Locator {
    return this.page.getByRole('table', { name: 'Print jobs' }).locator(`tr[data-job-id="${id}"]`)
  }

  jobState(id: number): Locator {
    return this.job(id).locator('.job-state')
  }
}
