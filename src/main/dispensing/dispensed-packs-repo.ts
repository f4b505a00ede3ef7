import type Database from 'better-sqlite3'
import type { DispensedPackState } from '../db/schema/dispensing'

export interface DispensedPack {
  id: number
  requestId: string
  lineId: string
  raw: string
  gtin: string
  amppId: string
  batchId: number
  batchNo: string
  expiry: string
  serial: string | null
  quantityMilli: number
  assembledById: string
  assembledByName: string
  assembledAt: string
  rescannedById: string | null
  rescannedByName: string | null
  rescannedAt: string | null
  state: DispensedPackState
}

export type NewDispensedPack = Omit<DispensedPack, 'id' | 'rescannedById' | 'rescannedByName' | 'rescannedAt' | 'state'>

export interface DispensingChecks {
  requestId: string
  labelsJobId: number | null
  labelsRequestedById: string | null
  labelsRequestedByName: string | null
  labelledAt: string | null
  clinicalCheckById: string | null
  clinicalCheckByName: string | null
  clinicalCheckAt: string | null
  accuracyCheckById: string | null
  accuracyCheckByName: string | null
  accuracyCheckAt: string | null
  selfCheck: boolean
}

export interface Person {
  id: string
  name: string
}

interface PackRow {
  id: number
  request_id: string
  line_id: string
  raw: string
  gtin: string
  ampp_id: string
  batch_id: number
  batch_no: string
  expiry: string
  serial: string | null
  quantity_milli: number
  assembled_by_id: string
  assembled_by_name: string
  assembled_at: string
  rescanned_by_id: string | null
  rescanned_by_name: string | null
  rescanned_at: string | null
  state: DispensedPackState
}

interface ChecksRow {
  request_id: string
  labels_job_id: number | null
  labels_requested_by_id: string | null
  labels_requested_by_name: string | null
  labelled_at: string | null
  clinical_check_by_id: string | null
  clinical_check_by_name: string | null
  clinical_check_at: string | null
  accuracy_check_by_id: string | null
  accuracy_check_by_name: string | null
  accuracy_check_at: string | null
  self_check: number
}

const EMPTY_CHECKS: Omit<DispensingChecks, 'requestId'> = {
  labelsJobId: null,
  labelsRequestedById: null,
  labelsRequestedByName: null,
  labelledAt: null,
  clinicalCheckById: null,
  clinicalCheckByName: null,
  clinicalCheckAt: null,
  accuracyCheckById: null,
  accuracyCheckByName: null,
  accuracyCheckAt: null,
  selfCheck: false
}

/** The packs scanned into requests and the checks made on them. Runs inside the caller's transaction. */
export class DispensedPacksRepo {
  private readonly insertPack: Database.Statement
  private readonly packsOf: Database.Statement<[string], PackRow>
  private readonly serialHolder: Database.Statement<[string, string], PackRow>
  private readonly setRescan: Database.Statement
  private readonly setState: Database.Statement
  private readonly checksOf: Database.Statement<[string], ChecksRow>
  private readonly resetChecks: Database.Statement
  private readonly byJob: Database.Statement<[number], ChecksRow>
  private readonly sqlite: Database.Database

  constructor(sqlite: Database.Database) {
    this.sqlite = sqlite
    this.insertPack = sqlite.prepare(
      `INSERT INTO dispensed_packs (request_id, line_id, raw, gtin, ampp_id, batch_id, batch_no, expiry, serial, quantity_milli,
         assembled_by_id, assembled_by_name, assembled_at, state)
       VALUES (@requestId, @lineId, @raw, @gtin, @amppId, @batchId, @batchNo, @expiry, @serial, @quantityMilli,
         @assembledById, @assembledByName, @assembledAt, 'assembled')`
    )
    this.packsOf = sqlite.prepare('SELECT * FROM dispensed_packs WHERE request_id = ? ORDER BY id')
    this.serialHolder = sqlite.prepare(
      `SELECT * FROM dispensed_packs WHERE gtin = ? AND serial = ? AND state <> 'returned' LIMIT 1`
    )
    this.setRescan = sqlite.prepare(
      'UPDATE dispensed_packs SET rescanned_by_id = ?, rescanned_by_name = ?, rescanned_at = ? WHERE id = ?'
    )
    this.setState = sqlite.prepare('UPDATE dispensed_packs SET state = ?, state_at = ?, state_reason = ? WHERE id = ?')
    this.checksOf = sqlite.prepare('SELECT * FROM dispensing_checks WHERE request_id = ?')
    this.resetChecks = sqlite.prepare(
      `INSERT INTO dispensing_checks (request_id, self_check) VALUES (?, 0)
       ON CONFLICT (request_id) DO UPDATE SET labels_job_id = NULL, labels_requested_by_id = NULL, labels_requested_by_name = NULL,
         labelled_at = NULL, clinical_check_by_id = NULL, clinical_check_by_name = NULL, clinical_check_at = NULL,
         accuracy_check_by_id = NULL, accuracy_check_by_name = NULL, accuracy_check_at = NULL, self_check = 0`
    )
    this.byJob = sqlite.prepare('SELECT * FROM dispensing_checks WHERE labels_job_id = ?')
  }

  add(pack: NewDispensedPack): number {
    return Number(this.insertPack.run(pack).lastInsertRowid)
  }

  /** Every pack of the request, returned and quarantined ones included. */
  all(requestId: string): DispensedPack[] {
    return this.packsOf.all(requestId).map(toPack)
  }

  /** The packs that are in the request's bag now. */
  assembled(requestId: string): DispensedPack[] {
    return this.all(requestId).filter((pack) => pack.state === 'assembled')
  }

  /** The pack with this serial already in someone's bag (or quarantined), if any. */
  holderOfSerial(gtin: string, serial: string): DispensedPack | null {
    const row = this.serialHolder.get(gtin, serial)
    return row ? toPack(row) : null
  }

  markRescanned(packId: number, by: Person, at: string): void {
    this.setRescan.run(by.id, by.name, at, packId)
  }

  markState(packId: number, state: DispensedPackState, at: string, reason: string): void {
    this.setState.run(state, at, reason, packId)
  }

  checks(requestId: string): DispensingChecks {
    const row = this.checksOf.get(requestId)
    return row ? toChecks(row) : { requestId, ...EMPTY_CHECKS }
  }

  /** A new round of dispensing starts with no checks made. */
  startChecks(requestId: string): void {
    this.resetChecks.run(requestId)
  }

  checksForJob(jobId: number): DispensingChecks | null {
    const row = this.byJob.get(jobId)
    return row ? toChecks(row) : null
  }

  labelsRequested(requestId: string, jobId: number, by: Person): void {
    this.update(
      requestId,
      'labels_job_id = ?, labels_requested_by_id = ?, labels_requested_by_name = ?, labelled_at = NULL',
      [jobId, by.id, by.name]
    )
  }

  labelled(requestId: string, at: string): void {
    this.update(requestId, 'labelled_at = ?', [at])
  }

  clinicallyChecked(requestId: string, by: Person, at: string): void {
    this.update(requestId, 'clinical_check_by_id = ?, clinical_check_by_name = ?, clinical_check_at = ?', [
      by.id,
      by.name,
      at
    ])
  }

  accuracyChecked(requestId: string, by: Person, at: string, selfCheck: boolean): void {
    this.update(
      requestId,
      'accuracy_check_by_id = ?, accuracy_check_by_name = ?, accuracy_check_at = ?, self_check = ?',
      [by.id, by.name, at, selfCheck ? 1 : 0]
    )
  }

  private update(requestId: string, assignments: string, values: Array<string | number>): void {
    this.resetIfMissing(requestId)
    this.sqlite.prepare(`UPDATE dispensing_checks SET ${assignments} WHERE request_id = ?`).run(...values, requestId)
  }

  private resetIfMissing(requestId: string): void {
    if (!this.checksOf.get(requestId)) this.resetChecks.run(requestId)
  }
}

function toPack(row: PackRow): DispensedPack {
  return {
    id: row.id,
    requestId: row.request_id,
    lineId: row.line_id,
    raw: row.raw,
    gtin: row.gtin,
    amppId: row.ampp_id,
    batchId: row.batch_id,
    batchNo: row.batch_no,
    expiry: row.expiry,
    serial: row.serial,
    quantityMilli: row.quantity_milli,
    assembledById: row.assembled_by_id,
    assembledByName: row.assembled_by_name,
    assembledAt: row.assembled_at,
    rescannedById: row.rescanned_by_id,
    rescannedByName: row.rescanned_by_name,
    rescannedAt: row.rescanned_at,
    state: row.state
  }
}

function toChecks(row: ChecksRow): DispensingChecks {
  return {
    requestId: row.request_id,
    labelsJobId: row.labels_job_id,
    labelsRequestedById: row.labels_requested_by_id,
    labelsRequestedByName: row.labels_requested_by_name,
    labelledAt: row.labelled_at,
    clinicalCheckById: row.clinical_check_by_id,
    clinicalCheckByName: row.clinical_check_by_name,
    clinicalCheckAt: row.clinical_check_at,
    accuracyCheckById: row.accuracy_check_by_id,
    accuracyCheckByName: row.accuracy_check_by_name,
    accuracyCheckAt: row.accuracy_check_at,
    selfCheck: row.self_check === 1
  }
}
