import { expect, type Locator, type Page } from '@playwright/test'

/** The request screen: its stage, its actions (each with its key), the packs panel and its dialogs. */
export class RequestPage {
  constructor(private readonly page: Page, readonly id: string) {}

  main(): Locator {
    return this.page.getByRole('main', { name: `Request ${this.id}` })
  }

  async expectOpen(): Promise<void> {
    await expect(this.main()).toBeVisible()
  }

  stage(): Locator {
    return this.page.locator('.stage-badge')
  }

  async expectStage(label: string, timeout?: number): Promise<void> {
    await expect(this.stage()).toHaveText(label, timeout ? { timeout } : undefined)
  }

  phensysState(): Locator {
    return this.page.locator('.phensys-state')
  }

  /** Runs an action with its key, once its button (which shows the key) is offered. */
  async run(label: string, key: string): Promise<void> {
    await expect(this.page.getByRole('region', { name: 'Actions' }).getByRole('button', { name: `${label} ${key.toUpperCase()}`, exact: true })).toBeVisible()
    await this.page.keyboard.press(key)
  }

  status(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text })
  }

  dispensing(): Locator {
    return this.page.getByRole('region', { name: 'Dispensing' })
  }

  line(lineId: string): Locator {
    return this.dispensing().locator(`tr[data-line-id="${lineId}"]`)
  }

  refusal(): Locator {
    return this.page.getByRole('alertdialog', { name: 'Scan refused' })
  }

  accuracyCheck(): Locator {
    return this.page.getByRole('region', { name: 'Accuracy check' })
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name })
  }
}
