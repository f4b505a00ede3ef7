/**
 * What the register screens show. Registers are read-only: a correction is a new entry that names
 * the one it corrects. Quantities are in the unit the register counts (tablets, ml…), not packs.
 */
import type { BatchRecallView } from './stock-views'

export type HandoverMethod = 'carrier' | 'collect'

/** Private prescription (POM) register, HMR 2012 reg 253 / Schedule 23: one entry per supplied line. */
export interface PomEntryView {
  id: number
  kind: 'supply' | 'correction'
  /** The entry this one corrects (a correction), else null. */
  correctsEntryId: number | null
  /** The later entry that corrects this one, if any: read that one instead. */
  correctedByEntryId: number | null
  requestId: string
  lineId: string
  /** Which supply of the request, from 1: a parcel returned and sent again is supply 2. */
  supplyNo: number
  /** ISO time of the supply, and its local date (Europe/London). */
  suppliedAt: string
  supplyDate: string
  medicineName: string
  strength: string | null
  form: string | null
  quantity: number
  unit: string
  /** The packs that went: product, batch, expiry and quantity each. */
  packsSupplied: string
  prescriberName: string
  prescriberAddress: string | null
  prescriberRegistration: string | null
  patientName: string
  patientAddress: string
  /** The snapshot carries no home address: the address recorded is the delivery address. */
  patientAddressIsDelivery: boolean
  /** Date on the prescription; null when the request did not carry it (then `prescriptionDateNote` says so). */
  prescriptionDate: string | null
  prescriptionDateNote: string | null
  prescriptionReference: string | null
  emergencySupply: boolean
  /** For an emergency supply: the date the prescription later arrived, and the nature of the emergency. */
  emergencyPrescriptionReceived: string | null
  emergencyNature: string | null
  recordedAt: string
  recordedBy: string
  /** Why a correction was made. */
  note: string | null
}

export interface PomRegisterView {
  from: string
  to: string
  entries: PomEntryView[]
}

export interface CdSectionSummary {
  id: number
  /** The VMP: one section per drug, form and strength. */
  vmpId: string
  drug: string
  form: string
  strength: string | null
  unit: string
  balance: number
  check: CdBalanceCheck
}

/**
 * The register's running balance against the stock ledger. What the pharmacy physically holds is
 * the ledger's on-hand for the VMP's packs, plus what has left the shelf but not the pharmacy:
 * packs dispensed into bags not yet supplied, and quarantined packs.
 */
export interface CdBalanceCheck {
  registerBalance: number
  ledgerOnHand: number
  assembledNotSupplied: number
  quarantined: number
  expected: number
  /** registerBalance − expected: 0 when they agree. */
  difference: number
}

export interface CdEntryView {
  id: number
  sectionId: number
  /** Running number within the section. */
  seq: number
  kind: 'receipt' | 'supply' | 'correction'
  at: string
  entryDate: string
  /** + received, − supplied, either sign (or 0) for a correction. */
  change: number
  balance: number
  /** Receipts. */
  supplierName: string | null
  supplierAddress: string | null
  /** Product, pack, batch and expiry of what came in or went out. */
  productDetail: string | null
  /** Supplies. */
  requestId: string | null
  /** Which supply of the request a supply (or a note on one) is, from 1. */
  supplyNo: number
  patientName: string | null
  patientAddress: string | null
  prescriberName: string | null
  prescriberAddress: string | null
  prescriberRegistration: string | null
  /**
   * A supply's prescriber's CD identification number, read from the original; null when none was
   * recorded, and on entries written before it had a column (theirs is in `prescriberRegistration`).
   */
  prescriberCdNumber: string | null
  handoverMethod: HandoverMethod | null
  /** Who collected (name and relation), or the carrier, service and tracking numbers. */
  collectedBy: string | null
  idAsked: boolean | null
  idSeen: boolean | null
  /** Corrections. */
  correctsEntryId: number | null
  note: string | null
  recordedBy: string
}

export interface CdSectionView {
  section: CdSectionSummary
  entries: CdEntryView[]
}

export type RecallStatus = 'supplied' | 'not_yet_supplied'

export interface RecallHit {
  status: RecallStatus
  requestId: string
  patientName: string
  patientAddress: string
  /** ISO time supplied; null when not yet supplied. */
  suppliedAt: string | null
  productName: string
  amppId: string
  gtin: string
  batchNo: string
  expiry: string
  quantity: number
  unit: string
  /** For packs not yet supplied: "not yet supplied: stop it". */
  warning: string | null
}

export interface RecallView {
  /** The criteria in words, for the screen and the export's subtitle. */
  criteria: string
  /** The packs (AMPPs) the search matched. */
  packsMatched: number
  /** Every bag (request and batch) holding a matching pack, supplied or not. */
  bags: number
  /** Of those, the ones still in the pharmacy: stop them first (they come first in the list). */
  notYetSupplied: number
  /** Where `hits` starts in the whole list (the export has them all). */
  offset: number
  hits: RecallHit[]
  /** The recalls recorded of the matched packs' batches (of the batch searched for, when one is): shown first. */
  recalls: BatchRecallView[]
}

/** Schedule 2 CDs a patient brought back (not in the CD register), and their destruction once done. */
export interface PatientReturnView {
  id: number
  requestId: string
  lineId: string
  receivedAt: string
  patientName: string
  dmdId: string
  drug: string
  form: string | null
  strength: string | null
  quantity: number
  unit: string
  note: string | null
  receivedBy: string
  destruction: { destroyedAt: string; destroyedBy: string; witness: string } | null
}
