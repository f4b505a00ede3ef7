import { expect, type Locator, type Page } from '@playwright/test'
import { requestLabelPayload } from '../../src/shared/scan/own-labels'
import { freshTrackingNumber } from '../support/tracking'
import { wedgeScan } from '../support/wedge'

/** The request screen: its stage, its actions (each with its key), the packs panel and its dialogs. */
export class RequestPage {
  constructor(
    private readonly page: Page,
    readonly id: string
  ) {}

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
    await expect(
      this.page
        .getByRole('region', { name: 'Actions' })
        .getByRole('button', { name: `${label} ${key.toUpperCase()}`, exact: true })
    ).toBeVisible()
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

  /**
   * The pharmacist's clinical check (C), with the patient's record in view: every safety flag that
   * must be acknowledged is, with a reason, then the outcome is recorded. The stage stays, unless
   * the check, made after every pack was matched, released the labels (`releasesLabels`): then the
   * request is labelled once the printer has them.
   */
  async clinicalCheck(note: string | null = null, { releasesLabels = false } = {}): Promise<void> {
    const stage = releasesLabels ? 'Labelled' : ((await this.stage().textContent()) ?? '')
    await this.run('Clinical check', 'c')
    const dialog = this.dialog('Clinical check')
    await expect(dialog).toBeVisible()
    await expect(dialog.getByRole('heading', { name: /^Patient:/ })).toBeVisible()
    for (;;) {
      const waiting = dialog.locator('li.safety-flag.waiting form.acknowledge')
      if ((await waiting.count()) === 0) break
      const count = await waiting.count()
      await waiting.first().getByLabel('Why the supply may go on').fill('Checked with the patient record: appropriate')
      await waiting.first().getByRole('button', { name: 'Acknowledge' }).click()
      await expect(waiting).toHaveCount(count - 1)
    }
    if (note) {
      await dialog.getByRole('radio', { name: 'Approved with a note' }).check()
      await dialog.getByLabel('Intervention note (kept here)').fill(note)
    } else await dialog.getByRole('radio', { name: 'Approved', exact: true }).check()
    await dialog.getByRole('button', { name: /Record the check/ }).click()
    await expect(this.status('Clinical check recorded')).toBeVisible()
    await this.expectStage(stage, releasesLabels ? 30_000 : undefined)
  }

  /** The accuracy check (K): each re-scan as a wedge burst, judged at once; the last one records it. */
  async accuracyCheckWith(codes: readonly string[]): Promise<void> {
    await this.run('Accuracy check', 'k')
    await expect(this.accuracyCheck()).toBeVisible()
    for (const [index, code] of codes.entries()) {
      await wedgeScan(this.page, code)
      if (index < codes.length - 1) await expect(this.accuracyCheck()).toHaveAttribute('data-judged', String(index + 1))
    }
    await this.expectStage('Accuracy checked')
  }

  /** Pack (P): the number of parcels, then this request's bag label scanned: its Enter packs; the labels print. */
  async pack(parcels = 1): Promise<string> {
    await this.run('Pack', 'p')
    const dialog = this.dialog('Pack')
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('Goes by')
    const goesBy = (await dialog.locator('p', { hasText: 'Goes by' }).textContent()) ?? ''
    const payload = requestLabelPayload(this.id)
    const bag = dialog.getByLabel(/Bag label/)
    await dialog.getByLabel('Number of parcels').fill(String(parcels))
    // The scan's own Enter packs and closes the dialog. With the bag field focused, a burst slowed
    // past the scanner's pause on a busy machine is typed there instead, and its Enter packs too.
    // (Never read the field after the scan: the dialog may close between two looks at it.)
    await bag.focus()
    await wedgeScan(this.page, payload)
    await expect(dialog).toHaveCount(0)
    await this.expectStage('Packed')
    return goesBy
  }

  /** Dispatch (X): each parcel's tracking number scanned from its carrier label; the last one's Enter dispatches. */
  async dispatchWith(trackingNumbers: readonly string[]): Promise<void> {
    await this.run('Dispatch', 'x')
    const dialog = this.dialog('Dispatch')
    await expect(dialog).toBeVisible()
    for (const [n, number] of trackingNumbers.entries()) {
      const field = dialog.getByLabel(`Parcel ${n + 1} of ${trackingNumbers.length}: tracking number`, { exact: false })
      // Focused, so that a burst typed (not recognised) on a busy machine still lands in its field.
      await field.focus()
      await wedgeScan(this.page, number)
      // The scan that fills the last parcel dispatches and closes the dialog; the others fill theirs.
      if (n < trackingNumbers.length - 1) await expect(field).toHaveValue(number)
    }
    await expect(dialog).toHaveCount(0)
    await this.expectStage('Dispatched')
  }

  /** Hand over (O) at the counter: who collected, ID asked for and seen. */
  async handOver(name: string): Promise<void> {
    await this.run('Hand over (collection)', 'o')
    const dialog = this.dialog('Hand over (collection)')
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('Collected by').fill(name)
    await dialog.getByLabel('ID asked for').check()
    await dialog.getByLabel('ID seen').check()
    await dialog.getByLabel('Collected by').press('Enter')
    await this.expectStage('Delivered')
  }

  /** Packed in one parcel and sent as its service says: by carrier, or collected at the counter. */
  async packAndSend(): Promise<'dispatched' | 'collected'> {
    const goesBy = await this.pack(1)
    if (/collection/i.test(goesBy)) {
      await this.handOver('The patient')
      return 'collected'
    }
    await this.dispatchWith([freshTrackingNumber(goesBy)])
    return 'dispatched'
  }
}
