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
}

export interface AppInfo {
  version: string
  training: boolean
  firstRun: boolean
  workstationId: string
  pharmacyName: string
  /** People who may sign in here: shown as a picker on the sign-in screen. */
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
}

export interface WorklistGroup {
  stage: Stage
  label: string
  count: number
  oldestSince: string | null
}

export interface WorklistView {
  groups: WorklistGroup[]
  rows: WorklistRow[]
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
  timeline: AuditEntryView[]
}

export type AuditVerification =
  { intact: true; entries: number } | { intact: false; entries: number; brokenAt: number; reason: string }

/** What a new Phensys snapshot changed that matters at the counter. */
export type SnapshotChange =
  'new' | 'cancelled' | 'patient_decided' | 'query_resolved' | 'items_changed' | 'state_changed'

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
  unreadableEntries: number
  eventsNeedingAPerson: number
}

export interface FeedExceptionView {
  id: number
  category: 'unreadable' | 'unknown_kind'
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
  /** How a saved token is kept: sealed by the OS keychain (Electron), or in an owner-only file. */
  tokenProtection: 'os-keychain' | 'owner-only-file'
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
}

/** A request waiting for its original paper prescription. */
export interface OutstandingHardCopy {
  requestId: string
  patientName: string
  /** Since when the counter has been waiting (the request was accepted). */
  waitingSince: string
  ageDays: number
  overdue: boolean
  /** The prescription can no longer be dispensed after this day. */
  validUntil: string
  controlledDrug: boolean
}
