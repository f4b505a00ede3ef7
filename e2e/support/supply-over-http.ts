import { expect } from '@playwright/test'
import { encodeGs1, packFields } from '../../src/shared/gs1'
import { requestLabelPayload } from '../../src/shared/scan/own-labels'
import { s10CheckDigit } from '../../src/shared/scan/tracking'
import { contractSession, ensureResponsiblePharmacist, type ContractCall } from './contract'
import type { DispensingView } from '../../src/shared/contract/dispensing-views'
import { rescansWithLabels } from '../../test/helpers/rescans'

interface Row {
  id: string
  stage: string
  hardCopyRequired: boolean
  hasControlledDrug: boolean
}
interface Line {
  lineId: string
  complete: boolean
  packs: Array<{ batchNo: string; quantity: number }>
}
interface Pick {
  amppId: string
  batchNo: string
  expiry: string
  quantity: number
}
interface Shipment {
  service: { code: string; tracking: string } | null
  collect: boolean
}

const yymmdd = (iso: string): string => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10)

/** The first new request of the demo day, needing no original, that the training stock fills. */
export async function readyRequest(dispenser: ContractCall): Promise<string> {
  const { rows } = await dispenser<{ rows: Row[] }>('worklist.get', {})
  for (const row of rows.filter((r) => r.stage === 'new' && !r.hardCopyRequired && !r.hasControlledDrug)) {
    // Accepting runs the stock check.
    const checked = await dispenser<{ row: { stage: string } }>('requests.accept', { id: row.id })
    if (checked.row.stage === 'ready_to_dispense') return row.id
  }
  throw new Error('No new request in the demo day that the training stock can fill without an original')
}

export interface ScannedPack {
  code: string
  amppId: string
  batchNo: string
}

/** Scans the reserved batches into every line through the contract; answers the packs scanned. */
export async function scanReservedPacks(dispenser: ContractCall, id: string): Promise<ScannedPack[]> {
  const codes: ScannedPack[] = []
  const { lines: reserved } = await dispenser<{ lines: Array<{ lineId: string; picks: Pick[] }> }>('stock.request', {
    id
  })
  for (let guard = 0; guard < 60; guard++) {
    const view = await dispenser<{ lines: Line[]; complete: boolean }>('dispensing.view', { id })
    if (view.complete) return codes
    const line = view.lines.find((l) => !l.complete)!
    const used = (batchNo: string): number =>
      line.packs.filter((p) => p.batchNo === batchNo).reduce((sum, p) => sum + p.quantity, 0)
    const pick = reserved.find((l) => l.lineId === line.lineId)?.picks.find((p) => used(p.batchNo) < p.quantity)
    expect(pick, `a reserved batch for line ${line.lineId}`).toBeTruthy()
    const pack = await dispenser<{ gtins: Array<{ gtin: string; historic: boolean }> }>('stock.pack', {
      amppId: pick!.amppId
    })
    const gtin = (pack.gtins.find((g) => !g.historic) ?? pack.gtins[0])!.gtin
    const code = encodeGs1(
      packFields({ gtin, expiry: yymmdd(pick!.expiry), batch: pick!.batchNo, serial: `E2E${Date.now()}${guard}` })
    )
    await dispenser('dispensing.scanPack', { id, lineId: line.lineId, raw: code })
    codes.push({ code, amppId: pick!.amppId, batchNo: pick!.batchNo })
  }
  throw new Error(`Too many packs: ${id} never completed`)
}

function trackingNumber(format: string): string {
  const serial = String(Date.now() % 100_000_000).padStart(8, '0')
  return format === 'royal_mail_s10'
    ? `TT${serial}${s10CheckDigit(serial)}GB`
    : `${Date.now()}`.padStart(14, '0').slice(-14)
}

export interface DemoRequest {
  id: string
  packs: ScannedPack[]
}

/**
 * Takes a demo request from new to labelled through the same calls the screens make, by the
 * training staff (Alex Jones assembles, Sam Patel checks clinically), with the label printer at
 * `printerPort`: its labels printed. Answers the request and its packs.
 */
export async function labelledDemoRequest(openUrl: string, printerPort: number): Promise<DemoRequest> {
  const admin = await contractSession(openUrl, 'admin', '9999')
  const { settings } = await admin<{ settings: object }>('devices.status', {})
  await admin('devices.setSettings', {
    ...settings,
    labelPrinter: { kind: 'tcp', host: '127.0.0.1', port: printerPort, connectTimeoutMs: 2000, writeTimeoutMs: 5000 }
  })

  const dispenser = await contractSession(openUrl, 'ajones', '2222')
  const id = await readyRequest(dispenser)
  await (
    await contractSession(openUrl, 'spatel', '1111')
  )('requests.clinicalCheck', { id, outcome: 'approved' })
  // The first pack scanned starts dispensing; the last one matched prints the labels.
  const packs = await scanReservedPacks(dispenser, id)
  await expect
    .poll(async () => (await dispenser<{ row: { stage: string } }>('requests.get', { id })).row.stage, {
      timeout: 30_000
    })
    .toBe('labelled')
  return { id, packs }
}

/**
 * A labelled demo request (labelledDemoRequest) checked for accuracy by Priya Shah and packed in
 * one parcel, with a Responsible Pharmacist signed in. Answers it, its packs and how it goes:
 * collected at the counter, or by a carrier's service.
 */
export async function packedDemoRequest(
  openUrl: string,
  printerPort: number
): Promise<DemoRequest & { checker: ContractCall; collect: boolean }> {
  const { id, packs } = await labelledDemoRequest(openUrl, printerPort)
  const checker = await contractSession(openUrl, 'pshah', '3333')
  const view = await checker<DispensingView>('dispensing.view', { id })
  await checker('requests.accuracyCheck', {
    id,
    rescans: rescansWithLabels(
      view,
      packs.map((pack) => pack.code)
    )
  })

  await ensureResponsiblePharmacist(openUrl, 'spatel', '1111')
  const shipment = await checker<Shipment>('dispatch.shipment', { id })
  if (!shipment.collect && !shipment.service)
    await checker('requests.chooseService', {
      id,
      code: 'royal_mail_tracked_24',
      reason: 'e2e: the demo service is not configured'
    })
  await checker('requests.pack', { id, bagScan: requestLabelPayload(id), parcels: 1 })
  return { id, packs, checker, collect: shipment.collect }
}

/**
 * Takes a demo request from new to supplied (packedDemoRequest, then Priya Shah hands it over or
 * dispatches it), with the label printer at `printerPort`. Answers the request and its packs.
 */
export async function supplyADemoRequest(openUrl: string, printerPort: number): Promise<DemoRequest> {
  const { id, packs, checker, collect } = await packedDemoRequest(openUrl, printerPort)
  if (collect) {
    await checker('requests.collect', {
      id,
      collectedBy: { name: 'The patient', relation: 'patient', idAsked: true, idSeen: true }
    })
  } else {
    const service = (await checker<Shipment>('dispatch.shipment', { id })).service!
    await checker('requests.dispatch', { id, trackingNumbers: [trackingNumber(service.tracking)] })
  }
  return { id, packs }
}
