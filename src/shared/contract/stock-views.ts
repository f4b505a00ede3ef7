/** The shapes the stock calls answer with. Plain data; quantities in the pack's unit (not milli-units). */
import type { DeliverySlot, WholesalerInput } from '../stock/wholesaler'

export type StockLineOutcome = 'in_stock' | 'ordered' | 'supply_issue' | 'unknown_product'
export type RequestStockOutcome = 'available' | 'ordered' | 'supply_issue'
export type MovementKindView =
  | 'goods_in'
  | 'reservation'
  | 'release'
  | 'dispensed'
  | 'waste'
  | 'quarantine'
  | 'adjustment'
  | 'return'
  | 'supplier_return'
export type OrderLineStatus = 'placed' | 'partly_placed' | 'substituted' | 'rejected'
export type SupplyIssueSource = 'msn' | 'ssp' | 'manufacturer' | 'wholesaler' | 'other'

export interface EtaView {
  date: string
  slot: DeliverySlot
  /** "Friday 28 Nov, morning delivery" */
  words: string
}

export interface ProductView {
  dmdId: string
  level: 'VMP' | 'AMP'
  name: string
  strength: string | null
  form: string
  cdSchedule: number | null
  supplier: string | null
  /** The VMP (itself for a VMP). */
  vmpId: string
  vmpName: string
}

export interface PackView {
  amppId: string
  name: string
  packSize: number
  unit: string
  pipCode: string | null
  reorderLevel: number
  product: ProductView
}

export interface StockLevelRow {
  amppId: string
  packName: string
  productName: string
  vmpId: string
  ampId: string
  supplier: string | null
  cdSchedule: number | null
  packSize: number
  unit: string
  pipCode: string | null
  onHand: number
  reserved: number
  available: number
  reorderLevel: number
  /** Available is below the reorder level. */
  low: boolean
  /** Earliest expiry among batches with stock on hand. */
  nextExpiry: string | null
}

export interface StockLevelsView {
  rows: StockLevelRow[]
  /** More rows match than were returned. */
  more: boolean
}

export interface BatchView {
  id: number
  batchNo: string
  expiry: string
  onHand: number
  reserved: number
  available: number
  /** Off the shelf in quarantine, still on the premises, to be destroyed or returned. */
  quarantined: number
  expired: boolean
  shortDated: boolean
}

export interface MovementView {
  id: number
  at: string
  kind: MovementKindView
  batchId: number
  batchNo: string
  expiry: string
  onHandDelta: number
  reservedDelta: number
  reason: string | null
  requestId: string | null
  lineId: string | null
  actorName: string
}

export interface PackDetailView {
  pack: PackView
  gtins: Array<{ gtin: string; historic: boolean }>
  onHand: number
  reserved: number
  available: number
  batches: BatchView[]
  /** Newest first. */
  movements: MovementView[]
  supplyIssues: SupplyIssueView[]
  openOrderLines: OrderLineView[]
}

export interface ShortExpiryRow {
  batchId: number
  amppId: string
  packName: string
  batchNo: string
  expiry: string
  onHand: number
  reserved: number
  expired: boolean
  daysLeft: number
}

export interface SupplyIssueView {
  id: number
  dmdId: string
  productName: string
  source: SupplyIssueSource
  reference: string | null
  reason: string
  expectedReturn: string | null
  active: boolean
  raisedAt: string
  raisedBy: string
  resolvedAt: string | null
  resolvedBy: string | null
}

export interface OrderLineView {
  id: number
  orderId: number
  amppId: string
  packName: string
  pipCode: string | null
  packsOrdered: number
  status: OrderLineStatus
  packsPlaced: number
  /** The pack that will come (a substitute's own pack); null when rejected. */
  suppliedAmppId: string | null
  suppliedPackName: string | null
  reason: string | null
  packsReceived: number
  outstanding: number
  requestId: string | null
  lineId: string | null
  cancelled: boolean
  /** For a person: its request was stopped and the wholesaler could not cancel it. */
  attention: string | null
}

export interface OrderView {
  id: number
  wholesalerId: string
  wholesalerName: string
  reference: string
  placedAt: string
  placedBy: string
  cutOff: { date: string; time: string }
  eta: EtaView
  requestId: string | null
  lines: OrderLineView[]
  open: boolean
}

export interface WholesalerView {
  id: string
  name: string
  accountNumber: string
  active: boolean
  config: WholesalerInput
  /** When an order placed now would arrive. */
  nextEta: EtaView | null
}

export type ReceiptFlag =
  | 'unreadable'
  | 'no_batch_or_expiry'
  | 'unknown_gtin'
  | 'expired'
  | 'short_dated'
  | 'over_delivery'
  | 'batch_expiry_mismatch'
  | 'already_received'
  | 'recalled'

export interface ReceiptLineView {
  id: number
  deliveryId: number
  at: string
  /** What the scanner sent, with invisible characters shown (GS as ␝). */
  read: string
  gtin: string | null
  batchNo: string | null
  expiry: string | null
  serial: string | null
  amppId: string | null
  packName: string | null
  booked: boolean
  flags: Array<{ code: ReceiptFlag; message: string }>
  orderLineId: number | null
  orderId: number | null
}

export interface DeliveryView {
  id: number
  startedAt: string
  startedBy: string
  lines: ReceiptLineView[]
}

export interface ScanReceiptView {
  deliveryId: number
  line: ReceiptLineView
  /** Requests that were waiting for stock and are now ready to dispense. */
  released: string[]
}

export interface PickView {
  batchId: number
  batchNo: string
  expiry: string
  /** "Wed 31 Mar 2027" */
  expiryWords: string
  amppId: string
  packName: string
  quantity: number
  /** How it comes off the shelf: "2 packs of 28", "20 of 28 from an opened pack". */
  packWords: string
  /** Where to pick it: "CD cabinet", "Dispensary shelf S". */
  location: string
  expired: boolean
  expiresBeforeCourseEnd: boolean
}

export interface RequestStockLineView {
  lineId: string
  dmdId: string
  prescribedName: string
  /** The product a pharmacist matched the prescribed code to, when the catalogue lacked it. */
  matchedTo: string | null
  /** The wholesaler orders the check placed for this line, in words with their ETA. */
  orders: string[]
  quantity: number
  unit: string
  /** Null until the request's stock is checked. */
  outcome: StockLineOutcome | null
  reason: string | null
  eta: { date: string; words: string } | null
  reserved: number
  /** Reserved batches in first-expiry-first-out order: what to pick. */
  picks: PickView[]
  courseDays: number | null
  courseEnd: string | null
  warnings: string[]
}

export interface RequestStockView {
  requestId: string
  checkedAt: string | null
  outcome: RequestStockOutcome | null
  lines: RequestStockLineView[]
}

export type ScanMatch = 'same_product' | 'equivalent_generic' | 'different_product' | 'unknown_pack' | 'not_compared'

export interface IdentifyView {
  read: string
  gtin: string | null
  batchNo: string | null
  expiry: string | null
  serial: string | null
  pack: PackView | null
  /** With a prescribed dm+d code: how the scanned pack compares with it. */
  match: ScanMatch
  message: string
}

export interface StockTakeView {
  id: number
  amppId: string
  at: string
  lines: Array<{
    batchId: number
    batchNo: string
    expiry: string
    expected: number
    counted: number
    difference: number
  }>
}

/** A batch recalled by a drug alert, as recorded. */
export interface BatchRecallView {
  id: number
  amppId: string
  packName: string
  batchNo: string
  /** The alert's reference as issued ("MHRA drug alert EL(26)A/12"). */
  reference: string
  /** The drug alert's class (1 to 4). */
  alertClass: number
  note: string | null
  recordedAt: string
  recordedBy: string
  /** What a scan of a pack of the batch is told. */
  words: string
}

/** What recording a recall did (or, recorded before, that it did nothing). */
export interface BatchRecallOutcome {
  recall: BatchRecallView
  /** The batch was recalled already: nothing was changed. */
  alreadyRecorded: boolean
  message: string
  /** Units of free stock of the batch moved to quarantine. */
  quarantined: number
  /** The open requests that held the batch, reserved or in their bag, and what became of each. */
  requests: Array<{
    requestId: string
    stage: string
    packsTakenOut: number
    released: number
    backToStockCheck: boolean
  }>
}
