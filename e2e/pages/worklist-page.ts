import { expect, type Locator, type Page } from '@playwright/test'

export class WorklistPage {
  constructor(private readonly page: Page) {}

  stageButton(label: string): Locator {
    return this.page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: new RegExp(label) })
  }

  rows(): Locator {
    return this.page.locator('tbody tr[data-request-id]')
  }

  async expectLoaded(): Promise<void> {
    await expect(this.rows().first()).toBeVisible()
  }

  /** Searches with "/" and opens the first match with Enter: no mouse. */
  async openBySearch(text: string): Promise<void> {
    await this.page.keyboard.press('/')
    await this.page.keyboard.type(text)
    await this.page.keyboard.press('Escape')
    await this.page.keyboard.press('Enter')
  }
}
