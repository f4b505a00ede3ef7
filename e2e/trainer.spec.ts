import { test, expect, type Page } from './fixtures'
import { encodeGs1, packFields } from '../src/shared/gs1'
import { startFakePrinter } from './support/fake-printer'
import { contractSession, ensureResponsiblePharmacist, type ContractCall } from './support/contract'
import type { DispensingView } from '../src/shared/contract/dispensing-views'
import { requestLabelPayload } from '../src/shared/scan/own-labels'
import { rescansWithLabels } from '../test/helpers/rescans'

/**
 * Training mode: the trainer (a pharmacist) plays the patient and Phensys from the Trainer panel
 * (F11), so a trainee can finish a video-consultation request whose stock is on order. Before the
 * panel, no one could make the patient's choice and the request never left "awaiting patient
 * decision" at Phensys. The trainee's own steps go over browser mode's HTTP protocol here: the
 * screens for them are tested elsewhere.
 */

/** The demo day's video consultation for doxycycline, which the training stock does not hold. */
const REQUEST_ID = 'fr_V7D3X'

interface Order {
  requestId: string | null
  lines: Array<{ amppId: string; suppliedAmppId: string | null; packsPlaced: number }>
}

async function stageOf(call: ContractCall, id: string): Promise<{ stage: string; phensys: string }> {
  const detail = await call<{ row: { stage: string }; snapshot: { state: string } }>('requests.get', { id })
  return { stage: detail.row.stage, phensys: detail.snapshot.state }
}

async function selectRequest(page: Page, id: string): Promise<void> {
  const selected = page.getByRole('region', { name: 'The selected request' })
  await expect(page.getByRole('table', { name: 'Open requests' })).toContainText(id)
  for (let i = 0; i < 30 && !((await selected.textContent()) ?? '').includes(id); i++)
    await page.keyboard.press('ArrowDown')
  await expect(selected).toContainText(id)
}

test('the trainer plays the patient who waits: a video consultation whose stock is on order is finished: collected, delivered at Phensys', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(180_000)
  const printer = await startFakePrinter()
  try {
    const admin = await contractSession(counter.openUrl, 'admin', '9999')
    const { settings } = await admin<{ settings: object }>('devices.status', {})
    await admin('devices.setSettings', {
      ...settings,
      labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printer.port }
    })
    const dispenser = await contractSession(counter.openUrl, 'ajones', '2222')
    const checker = await contractSession(counter.openUrl, 'pshah', '3333')
    const pharmacist = await contractSession(counter.openUrl, 'spatel', '1111')

    // The trainee accepts it: nothing on the shelf, so it is ordered and Phensys asks the patient.
    await dispenser('requests.accept', { id: REQUEST_ID })
    await expect
      .poll(() => stageOf(dispenser, REQUEST_ID))
      .toEqual({
        stage: 'awaiting_patient_decision',
        phensys: 'awaiting_patient_decision'
      })

    // The trainer, a pharmacist, plays the patient: they wait for the stock (Trainer, F11, then W).
    await signIn.signInAs('Sam Patel', '1111')
    await expect(page.getByRole('button', { name: 'Trainer' })).toBeVisible()
    await page.keyboard.press('F11')
    await expect(page.getByRole('main', { name: 'Trainer' })).toBeVisible()
    await selectRequest(page, REQUEST_ID)
    await page.keyboard.press('w')
    await expect(page.getByRole('status').filter({ hasText: 'The patient chose to wait' })).toBeVisible()
    // Phensys keeps the patient's choice on the request until the stock comes; the counter waits for it.
    await expect
      .poll(async () => (await stageOf(dispenser, REQUEST_ID)).stage, { timeout: 30_000 })
      .toBe('awaiting_stock')

    // The order comes in at goods-in and releases the request by itself.
    const orders = (await dispenser<Order[]>('stock.orders', { openOnly: true })).filter(
      (order) => order.requestId === REQUEST_ID
    )
    const codes: string[] = []
    for (const line of orders.flatMap((order) => order.lines).filter((l) => l.packsPlaced > 0)) {
      const pack = await dispenser<{ gtins: Array<{ gtin: string; historic: boolean }> }>('stock.pack', {
        amppId: line.suppliedAmppId ?? line.amppId
      })
      const gtin = (pack.gtins.find((candidate) => !candidate.historic) ?? pack.gtins[0])!.gtin
      for (let n = 0; n < line.packsPlaced; n++)
        codes.push(encodeGs1(packFields({ gtin, expiry: '351231', batch: 'TRN1', serial: `TRN${Date.now()}${n}` })))
    }
    expect(codes.length).toBeGreaterThan(0)
    for (const raw of codes) await dispenser('stock.receiveScan', { raw, deliveryId: null })
    await expect.poll(async () => (await stageOf(dispenser, REQUEST_ID)).stage).toBe('ready_to_dispense')

    // Dispensed, labelled, checked, packed and dispatched.
    // The pharmacist's clinical check first; the last pack scanned then prints the labels.
    await pharmacist('requests.clinicalCheck', { id: REQUEST_ID, outcome: 'approved' })
    for (const raw of codes) await dispenser('dispensing.scanPack', { id: REQUEST_ID, lineId: 'l1', raw })
    await expect.poll(async () => (await stageOf(dispenser, REQUEST_ID)).stage, { timeout: 30_000 }).toBe('labelled')
    const view = await checker<DispensingView>('dispensing.view', { id: REQUEST_ID })
    // Each pack and the label on it (a pack split for the quantity reads otherwise than a whole one).
    for (const raw of rescansWithLabels(view, codes)) {
      const judged = await checker<{ outcome: string; message: string }>('dispensing.rescan', { id: REQUEST_ID, raw })
      expect(judged.outcome, judged.message).toBe('accepted')
    }
    await ensureResponsiblePharmacist(counter.openUrl, 'spatel', '1111')
    await checker('requests.pack', { id: REQUEST_ID, bagScan: requestLabelPayload(REQUEST_ID), parcels: 1 })
    // The patient collects it at the counter, ID seen.
    await checker('requests.collect', {
      id: REQUEST_ID,
      collectedBy: { name: 'The patient', relation: 'patient', idAsked: true, idSeen: true }
    })
    await expect.poll(async () => (await stageOf(dispenser, REQUEST_ID)).phensys, { timeout: 60_000 }).toBe('delivered')
  } finally {
    await printer.close()
  }
})

test('the trainer sends a new request of each route, which reaches the worklist', async ({ page, signIn }) => {
  test.setTimeout(120_000)
  await signIn.signInAs('Training Administrator', '9999')
  await expect(page.getByRole('button', { name: 'Trainer' })).toBeVisible()
  await page.keyboard.press('F11')
  await expect(page.getByRole('main', { name: 'Trainer' })).toBeVisible()
  for (const [key, route] of [
    ['1', 'Upload'],
    ['2', 'Video consultation'],
    ['3', 'Phone consultation'],
    ['4', 'Form consultation']
  ] as const) {
    await page.keyboard.press(key)
    const said = page.getByRole('status').filter({ hasText: new RegExp(`new ${route.toLowerCase()} request arrived`) })
    await expect(said).toBeVisible()
    const id = /(fr_TRN[0-9A-F]+)/.exec((await said.textContent()) ?? '')![1]!
    await expect(page.getByRole('table', { name: 'Open requests' })).toContainText(id, { timeout: 60_000 })
  }
})
