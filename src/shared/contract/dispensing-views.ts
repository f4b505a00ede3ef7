/** What the dispensing calls answer: per line, the packs scanned and counted, and the checks made. */

export interface DispensedPackView {
  id: number
  lineId: string
  /** What the scanner read, invisible characters shown. */
  read: string
  gtin: string
  amppId: string
  packName: string
  batchNo: string
  expiry: string
  serial: string | null
  /** How much of the pack went to this line, in the pack's unit. */
  quantity: number
  assembledBy: string
  assembledAt: string
  rescannedBy: string | null
  rescannedAt: string | null
  state: 'assembled' | 'returned' | 'quarantined'
}

export interface DispensingLineView {
  lineId: string
  productName: string
  dmdId: string
  /** As prescribed, in the prescription's words. */
  prescribed: { quantity: number; unit: string }
  /** What the stock check counts for the line, in the pack's unit. */
  needed: number
  unit: string | null
  packs: DispensedPackView[]
  counted: number
  /** needed − counted: what is still to scan (0 when complete). */
  remaining: number
  complete: boolean
  /** For a person: "14 tablets still to scan", "complete: 28 of 28 tablets". */
  summary: string
}

export interface DispensingChecksView {
  labelsJobId: number | null
  labelsRequestedBy: string | null
  labelledAt: string | null
  accuracyCheckBy: string | null
  accuracyCheckAt: string | null
  selfCheck: boolean
}

/** A pack as an accuracy check's re-scan names it: enough to compare with the pack in hand. */
export interface RescannedPackView {
  id: number
  lineId: string
  packName: string
  batchNo: string
  expiry: string
}

/** What one re-scan did, at once: the pack it named with a tick, or why it was refused (and not kept). */
export interface RescanFeedback {
  outcome: 'accepted' | 'refused'
  /** In words: what matched, what comes next, or why it was refused. */
  message: string
  /** The pack this scan named, when it named one of the bag. */
  pack: RescannedPackView | null
  /** The packs matched so far, in order. */
  matched: RescannedPackView[]
  /** A pack scanned whose label must be scanned next. */
  awaitingLabelFor: RescannedPackView | null
  /** Packs in the bag. */
  total: number
  /** The last re-scan recorded the accuracy check. */
  recorded: boolean
  /** The checker scanned or labelled part of it (allowed by the administrator, and marked). */
  selfCheck: boolean
}

export interface DispensingView {
  requestId: string
  stage: string
  /**
   * What is said of each pack in the bag that may not go to the patient today (expired, or
   * expiring before its course ends counted from today): the accuracy check, dispatch and
   * hand-over refuse the bag, and "Take the out-of-date pack out" (U) is offered. Read against
   * today by `dispensing.view` only; absent from the answers of the other calls.
   */
  outOfDate?: string[]
  lines: DispensingLineView[]
  /** Every line complete: labels may be printed. */
  complete: boolean
  /** Everyone who assembled a pack of it (the accuracy check is theirs to leave to someone else). */
  assembledBy: string[]
  checks: DispensingChecksView
  allowSelfCheck: boolean
  /** Who asked for the labels, by id (labelling is assembling: they may not accuracy-check it). */
  labelledById: string | null
  /**
   * The print generation of the request's current labels, named in each dispensing label's barcode
   * (`PC-REQ:<request>:<pack>:<generation>`): a relabel moves it on, and a label of an earlier one
   * is refused at the accuracy check.
   */
  labelGeneration: number
  /**
   * Stopped at Phensys (cancelled or rejected): the packs taken out of its bag since, which a person
   * must put away by hand: unlabelled ones back on the shelf, labelled ones in quarantine.
   */
  putAway: Array<{ pack: DispensedPackView; to: 'shelf' | 'quarantine' }>
}

/** Why a scan was refused; the call's error carries it in `details.reason`. */
export type ScanRefusal =
  | 'unreadable'
  | 'no_batch_or_expiry'
  | 'unknown_pack'
  | 'wrong_product'
  | 'expired'
  | 'expires_before_course_end'
  | 'recalled'
  | 'unknown_batch'
  | 'serial_already_scanned'
  | 'line_complete'
  | 'unknown_line'
  | 'not_enough_stock'
