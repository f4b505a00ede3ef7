import { expect, type Download, type Locator, type Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'

/** The registers screen (F10) and the RP indicator in the header. */
export class RegistersPage {
  constructor(private readonly page: Page) {}

  rpIndicator(): Locator {
    return this.page.getByTestId('rp-indicator')
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('F10')
    await expect(this.page.getByRole('main', { name: 'Registers' })).toBeVisible()
  }

  /** 1 POM register, 2 CD register, 3 RP record, 4 batch recall. */
  async tab(key: '1' | '2' | '3' | '4', name: string): Promise<Locator> {
    await this.page.keyboard.press(key)
    const section = this.page.getByRole('region', { name })
    await expect(section).toBeVisible()
    return section
  }

  /** Types both days as a person would, DD/MM/YYYY into the date fields (given here as YYYY-MM-DD). */
  async setDates(from: string, to: string): Promise<void> {
    await typeDay(this.page, 'From', from)
    await typeDay(this.page, 'To', to)
  }

  /** Clicks an export button and reads back the file the browser saved. */
  async export(section: Locator, format: 'CSV' | 'PDF'): Promise<{ download: Download; text: string }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      section.getByRole('button', { name: `Export ${format}` }).click()
    ])
    const path = await download.path()
    return { download, text: await readFile(path, 'utf8') }
  }
}

/** A date field takes its day, month and year typed one after the other, British order. */
async function typeDay(page: Page, label: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-')
  await page.getByRole('group', { name: label, exact: true }).getByRole('spinbutton').first().click()
  await page.keyboard.type(`${day}${month}${year}`, { delay: 150 })
  await expect(page.getByRole('group', { name: label, exact: true })).toContainText(`${day}/${month}/${year}`)
}
