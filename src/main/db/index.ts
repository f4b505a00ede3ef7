export { compactStore, storeSpace } from './compaction'
export { packText, unpackText } from './packing'
export { packSnapshot } from './snapshot-packing'
export { openStore, counterDb } from './open'
export type { CounterDb, Store } from './open'
export {
  placeholders,
  setPlaceholders,
  equalToPlaceholders,
  excluded,
  jsonArrayValues,
  sumOf,
  directInsert,
  directUpdate
} from './query-parts'
export { rowDigest, sealMac } from './row-seal-functions'
export {
  auditLog,
  chainKeyedEntry,
  cdRegisterEntries,
  cdRegisterSections,
  pomRegisterEntries,
  registerSupplies,
  patientReturns,
  patientReturnDestructions,
  rowSeals,
  rpAbsences,
  rpPeriods,
  stockMovements,
  requestFlags,
  storeChecks,
  settings,
  requestStockLines,
  productMatches,
  users,
  backups,
  pairingCodes,
  workstations
} from './schema'
export { clinicalChecks, staffNotes, patientIdentityDecisions } from './schema/clinical'
export { parcelPacks, parcels, shipments } from './schema/dispatch'
export type { ParcelOutcome } from './schema/dispatch'
export { dispensedPacks, dispensingChecks } from './schema/dispensing'
export type { DispensedPackState } from './schema/dispensing'
export { hardCopies } from './schema/hard-copies'
export { printJobs } from './schema/printing'
export { OPEN_REQUEST, UNPACKED_CLOSED_REQUEST, requests } from './schema/requests'
export {
  products,
  wholesalerOrderLines,
  wholesalerOrders,
  wholesalers,
  batches,
  batchRecalls,
  batchLevels,
  quarantineDisposals,
  packs,
  packGtins,
  deliveries,
  receiptLines,
  stockTakeLines,
  stockTakes,
  supplyIssues,
  stockSettings
} from './schema/stock'
export type { MovementKind, QuarantineDisposalKind } from './schema/stock'
export { outbox, outboxClosed, feedExceptions, syncState, FOR_A_PERSON } from './schema/sync'
export { requestClaims } from './schema/premises'
