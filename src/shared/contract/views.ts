/** The shapes main answers with. Plain data: they cross IPC and HTTP as JSON. */
import type { Role } from '../roles'
import type { Stage } from '../workflow/stages'
import type { Snapshot } from '../phensys/snapshot'

export interface UserView {
  id: string
  username: string
  displayName: string
  roles: Role[]
  gphcNumber: string | null
  active: boolean
}

export interface SessionInfo {
  user: UserView
  locked: boolean
  signedInAt: string
  /** Signed in with a PIN the rules no longer allow: a new one must be chosen before anything else. */
  mustChangeSecret: boolean
  /** The bench this window is at: a claim taken here is carried on here, by whoever is signed in. */
  benchId: string
}

export interface AppInfo {
  version: string
  training: boolean
  firstRun: boolean
  workstationId: string
  pharmacyName: string
  /** Training only: the people who may sign in, shown as a picker. A live workstation lists nobody before sign-in. */
  signInNames: Array<{ username: string; displayName: string }>
  /** In training mode only: the demo staff and their PINs, so a newcomer can sign in. */
  trainingAccounts: Array<{ username: string; displayName: string; pin: string; roles: Role[] }>
}

export interface WorklistRow {
  id: string
  stage: Stage
  phensysState: string
  route: string
  patientName: string
  itemCount: number
  hasControlledDrug: boolean
  hardCopyRequired: boolean
  deliveryService: string
  receivedAt: string
  stageSince: string
  /** The counter's version of the request: a command names the one it was based on. */
  revision: number
  /** Who is working it now, and at which bench; null when nobody holds it. */
  claim: ClaimView | null
  /** The few words of what holds it back ("needs match", "owing until Mon 7 Dec"); none on a row read for itself. */
  notes: string[]
}

/** A request held by a person at a bench while they work it (dispensing, for one). */
export interface ClaimView {
  userId: string
  userName: string
  benchId: string
  benchName: string
  stage: Stage
  since: string
}

export interface WorklistGroup {
  stage: Stage
  label: string
  count: number
  oldestSince: string | null
}

/** The worklist's other views: what was completed (dispatched, delivered, rejected, cancelled) today, or all requests. */
export const CLOSED_WORKLIST_VIEWS = ['completed_today', 'all'] as const
export type ClosedWorklistViewName = (typeof CLOSED_WORKLIST_VIEWS)[number]

/** Completed today (all of it), or every request newest first, a page at a time. */
export interface ClosedWorklistView {
  rows: WorklistRow[]
  /** `all` comes a page at a time: whether there is another. */
  more: boolean
}

export interface WorklistView {
  /** Every open stage with its count and oldest request (all open requests, not only this page's). */
  groups: WorklistGroup[]
  rows: WorklistRow[]
  /** Where the next page starts; null on the last page. */
  next: { stageSince: string; id: string } | null
}

export interface AuditEntryView {
  seq: number
  at: string
  actorName: string | null
  command: string
  entityType: string
  entityId: string | null
  summary: unknown
}

export interface RequestDetail {
  row: WorklistRow
  version: number
  snapshot: Snapshot
  /**
   * Receiving the original asks the prescriber's CD number and whether the quantity is in words and
   * figures: an item of Schedule 2 or 3 by its effective schedule (Phensys's and the catalogue's, the stricter).
   */
  asksCdChecks: boolean
  timeline: AuditEntryView[]
}

/** One full check of the local database (SQLite's integrity check), run in the background. */
export interface StoreCheckView {
  reason: 'schedule' | 'administrator' | 'unclean-stop'
  startedAt: string
  finishedAt: string
  /** True when SQLite found nothing wrong. */
  sound: boolean
  /** SQLite's own lines about what is wrong (at most the first 20); empty when sound. */
  problems: string[]
  requestedByName: string | null
}

export interface StoreCheckStatus {
  /** The last check that finished, or null when none has yet. */
  latest: StoreCheckView | null
  /** A check is running now. */
  running: boolean
}

/** What `audit.verify` can find wrong with the trail, its seals, its anchor or its protection. */
export const AUDIT_FAILURE_KINDS = [
  /** An entry number is missing: entries were removed from the middle. */
  'entry_missing',
  /** An entry does not carry the hash of the one before it. */
  'broken_link',
  /** An entry's hash does not match its content: changed, or recomputed without the key. */
  'entry_changed',
  /** A part of the trail was keyed with a key this workstation does not hold. */
  'key_not_held',
  /** The trail ends before the head recorded outside the store: its last entries were cut. */
  'tail_cut',
  /** The entry at the recorded head is not the one recorded there. */
  'head_changed',
  /** The head recorded outside the store is missing, unreadable or not sealed by the key. */
  'anchor_missing',
  /** A protecting trigger is missing, changed, or one was added. */
  'trigger_missing',
  'trigger_changed',
  'trigger_unexpected',
  /** A protected table's columns are not the ones the app defines. */
  'columns_changed',
  /** The chain of register seals is broken (a seal missing, changed or not linked). */
  'seal_broken',
  /** A register row has no seal: added behind the app's back. */
  'row_unsealed',
  /** A register row differs from what was sealed when it was written. */
  'row_changed',
  /** A sealed register row is gone. */
  'row_removed',
  /** A batch's stock level (what the counter shows and dispenses against) is not what its sealed ledger adds up to. */
  'levels_changed'
] as const
export type AuditFailureKind = (typeof AUDIT_FAILURE_KINDS)[number]

export interface AuditFailure {
  kind: AuditFailureKind
  /** In words, naming the first bad entry, row or trigger. */
  message: string
  /** The first bad audit entry (or seal), where there is one. */
  seq?: number
  table?: string
  rowKey?: string
}

export interface AuditHead {
  seq: number
  hash: string
}

export interface AuditVerification {
  intact: boolean
  entries: number
  sealedRows: number
  /** The trail's last entry as the store has it. */
  head: AuditHead | null
  /** The head recorded outside the store, sealed by the key. */
  anchored: AuditHead | null
  /** The first failure of each kind found. */
  failures: AuditFailure[]
}

/**
 * What a new Phensys snapshot changed that matters at the counter (`patient_changed`: another
 * person, or their date of birth; `patient_renamed`: the same person's name, which the labels
 * print; `delivery_changed`: the recipient, address or service the bag label prints).
 */
export type SnapshotChange =
  | 'new'
  | 'cancelled'
  | 'patient_decided'
  | 'query_resolved'
  | 'items_changed'
  | 'patient_changed'
  | 'patient_renamed'
  | 'delivery_changed'
  | 'hard_copy_changed'
  | 'state_changed'

export interface SyncHealth {
  mode: 'training' | 'live'
  phensysUrl: string
  /** Phensys answers and the last pull is younger than `pollIntervalMs`. */
  connected: boolean
  /** The longest a pull takes while connected (the long-poll's wait and a little more). */
  pollIntervalMs: number
  lastPullAt: string | null
  lastPushAt: string | null
  lastError: string | null
  outboxDepth: number
  oldestUnsentAt: string | null
  /** An event that keeps failing to go (tried several times), and why, for a person to see; else null. */
  unsentProblem: string | null
  unreadableEntries: number
  eventsNeedingAPerson: number
  /** The end of the wait Phensys asked for (`Retry-After`) while it lasts, else null; `sync.tryNow` ends it. */
  phensysWaitUntil: string | null
}

export interface FeedExceptionView {
  id: number
  category: 'unreadable' | 'awaiting_snapshot' | 'unknown_kind'
  cursor: string | null
  kind: string | null
  requestId: string | null
  reason: string
  raw: string
  receivedAt: string
  acknowledgedAt: string | null
}

export interface OutboxEventView {
  id: number
  requestId: string
  type: string
  status: 'pending' | 'sent' | 'superseded' | 'conflict' | 'failed' | 'dismissed'
  createdAt: string
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  settledAt: string | null
  body: unknown
  /** The request's version and state in Phensys's answer, once one came. */
  phensysVersion: number | null
  phensysState: string | null
  /** For a conflict: Phensys's side, the snapshot it answered with. */
  phensysSnapshot: unknown
}

export interface SyncProblems {
  unreadable: FeedExceptionView[]
  events: OutboxEventView[]
}

/** The store on disk: its size, and how much of it is free pages that compacting gives back. */
export interface StoreSpaceView {
  fileBytes: number
  freeBytes: number
}

export interface PhensysSettingsView {
  mode: 'training' | 'live'
  url: string | null
  /** How a saved token is sealed: by the OS keychain (Electron), or with the key folder's key. */
  tokenProtection: 'os-keychain' | 'key-file'
  canRestart: boolean
}

export interface HardCopyView {
  id: number
  receivedAt: string
  receivedBy: string
  formType: string
  serial: string
  matches: boolean
  mismatches: string[]
  /** The prescriber's 6-digit CD identification number as read from the form; null when not recorded. */
  prescriberCdNumber: string | null
  /** A Schedule 2/3 request whose original was recorded without the prescriber's CD number. */
  cdNumberNotRecorded: boolean
}

/** A request waiting for its original paper prescription. */
export interface OutstandingHardCopy {
  requestId: string
  patientName: string
  /** Since when the counter has been waiting (the request was accepted). */
  waitingSince: string
  ageDays: number
  overdue: boolean
  /** The prescription can no longer be dispensed after this day; null when its date could not be read. */
  validUntil: string | null
  controlledDrug: boolean
}
