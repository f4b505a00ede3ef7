import { expect, type Locator, type Page } from '@playwright/test'
import { wedgeScan } from '../support/wedge'

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

  /** The accuracy check: every labelled pack re-scanned as wedge bursts, then K. */
  async accuracyCheckWith(codes: readonly string[]): Promise<void> {
    await this.run('Accuracy check', 'k')
    await expect(this.accuracyCheck()).toBeVisible()
    for (const [index, code] of codes.entries()) {
      await wedgeScan(this.page, code)
      await expect(this.accuracyCheck().getByRole('listitem')).toHaveCount(index + 1)
    }
    await this.page.keyboard.press('k')
    await this.expectStage('Accuracy checked')
  }

  /** One parcel, then dispatch with the carrier and service the request's delivery implies. */
  async packAndDispatch(trackingNumber: string): Promise<void> {
    await this.run('Pack', 'p')
    await expect(this.dialog('Pack')).toBeVisible()
    await this.page.keyboard.press('Enter')
    await this.expectStage('Packed')
    await this.run('Dispatch', 'x')
    const dispatch = this.dialog('Dispatch')
    await expect(dispatch.getByLabel('Service')).not.toHaveValue('')
    await expect(dispatch.getByLabel('Carrier')).not.toHaveValue('')
    await dispatch.getByLabel(/Tracking numbers/).fill(trackingNumber)
    await dispatch.getByLabel('Carrier').press('Enter')
    await this.expectStage('Dispatched')
  }
}
