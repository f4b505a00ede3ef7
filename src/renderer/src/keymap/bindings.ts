/**
 * Every key the counter answers, in one table: where it works (its scope), the key, the command
 * it runs and who may use it. The help overlay (? or F1) shows this table; the one keydown
 * listener (keymap.ts) reads it to decide what a key does, innermost open scope first.
 *
 * Scopes nest: the app's keys work everywhere a person is signed in; a screen's keys work on that
 * screen; a part of a screen (a tab, a list) sits within its screen; an open dialog hides the
 * screen behind it, so only its own keys and the app's work while it is open. An F-key means the
 * same thing in every scope that declares it.
 *
 * A key is the browser's `KeyboardEvent.key` ("a", "/", "F6", "ArrowDown", "Escape"), or "1-9"
 * for a digit that picks a numbered tab or stage. Letters and digits never fire while a person
 * types in a field (they are text there) unless a binding says `inFields`; F-keys always do.
 */
import type { Role } from '@shared/roles'
import { TRANSITIONS, type Transition } from '@shared/workflow/transitions'

export type ScopeKind = 'app' | 'screen' | 'dialog'

interface ScopeInfo {
  kind: ScopeKind
  /** What the help overlay calls it. */
  title: string
  /** The scope this part belongs to (a ScopeId): its keys are tried before that scope's. */
  within?: string
}

const STAFF: readonly Role[] = ['pharmacist', 'dispenser', 'accuracy_checker']
const TRAINERS: readonly Role[] = ['administrator', 'pharmacist']

export const SCOPES = {
  app: { kind: 'app', title: 'Everywhere' },
  signIn: { kind: 'screen', title: 'Sign-in' },
  lock: { kind: 'screen', title: 'Locked screen' },
  worklist: { kind: 'screen', title: 'Worklist' },
  request: { kind: 'screen', title: 'A request' },
  patient: { kind: 'screen', title: "A patient's medication record" },
  hardCopies: { kind: 'screen', title: 'Originals awaited' },
  rp: { kind: 'screen', title: 'Responsible Pharmacist' },
  registers: { kind: 'screen', title: 'Registers' },
  registerRows: { kind: 'screen', title: 'Registers: the rows', within: 'registers' },
  dispatch: { kind: 'screen', title: 'Dispatch' },
  manifests: { kind: 'screen', title: 'Dispatch: manifests', within: 'dispatch' },
  stock: { kind: 'screen', title: 'Stock' },
  stockLevels: { kind: 'screen', title: 'Stock: levels', within: 'stock' },
  goodsIn: { kind: 'screen', title: 'Stock: goods-in', within: 'stock' },
  stockOrders: { kind: 'screen', title: 'Stock: orders', within: 'stock' },
  lowStock: { kind: 'screen', title: 'Stock: low stock', within: 'stock' },
  shortExpiry: { kind: 'screen', title: 'Stock: short expiry', within: 'stock' },
  supplyIssues: { kind: 'screen', title: 'Stock: supply issues', within: 'stock' },
  stockPack: { kind: 'screen', title: 'Stock: one pack', within: 'stock' },
  sync: { kind: 'screen', title: 'Phensys sync' },
  settings: { kind: 'screen', title: 'Settings' },
  users: { kind: 'screen', title: 'Users' },
  pairing: { kind: 'screen', title: 'Scanner' },
  devices: { kind: 'screen', title: 'Devices' },
  trainer: { kind: 'screen', title: 'Trainer (training mode)' },
  failed: { kind: 'screen', title: 'A screen that could not be shown' },
  dialog: { kind: 'dialog', title: 'Any dialog' },
  accuracyCheck: { kind: 'dialog', title: 'Accuracy check' },
  scanRefused: { kind: 'dialog', title: 'A refused scan' },
  help: { kind: 'dialog', title: 'This help' }
} as const satisfies Record<string, ScopeInfo>

export type ScopeId = keyof typeof SCOPES

export interface Binding {
  scope: ScopeId
  key: string
  /** What the component that owns the scope registers a handler for. */
  command: string
  /** What the key does, in words. */
  label: string
  /** Who may use it; everyone signed in when absent. */
  who?: readonly Role[]
  /** Also while the focus is in a text field (F-keys always are). */
  inFields?: boolean
}

/** How deep a scope sits: the app, then screens, the parts within them, then dialogs over all. */
export function scopeDepth(scope: ScopeId): number {
  const info: ScopeInfo = SCOPES[scope]
  if (info.kind === 'app') return 0
  if (info.kind === 'dialog') return 10
  return info.within ? scopeDepth(info.within as ScopeId) + 1 : 1
}

const back = (scope: ScopeId, label = 'Back to the worklist'): Binding => ({
  scope,
  key: 'Escape',
  command: 'back',
  label
})

const listKeys = (scope: ScopeId, open: string, inFields = false): Binding[] => [
  { scope, key: 'ArrowDown', command: 'list.down', label: 'Next row', inFields },
  { scope, key: 'ArrowUp', command: 'list.up', label: 'Previous row', inFields },
  { scope, key: 'Enter', command: 'list.open', label: open, inFields }
]

/** The app's keys: an F-key opens the same screen from anywhere. */
const APP: Binding[] = [
  { scope: 'app', key: '?', command: 'help', label: 'Show the keys (this help)' },
  { scope: 'app', key: 'F1', command: 'help', label: 'Show the keys (this help)' },
  { scope: 'app', key: 'F2', command: 'open.rp', label: 'Responsible Pharmacist' },
  { scope: 'app', key: 'F3', command: 'open.dispatch', label: 'Dispatch: manifests, carrier outcomes, carriers' },
  { scope: 'app', key: 'F4', command: 'open.hardCopies', label: 'Original prescriptions awaited', who: STAFF },
  { scope: 'app', key: 'F5', command: 'signOut', label: 'Sign out (switch user: the next person signs in)' },
  { scope: 'app', key: 'F6', command: 'open.stock', label: 'Stock', who: STAFF },
  { scope: 'app', key: 'F7', command: 'open.pairing', label: 'Scanner: pair and test' },
  {
    scope: 'app',
    key: 'F8',
    command: 'open.devices',
    label: 'Devices and the print queue',
    who: ['pharmacist', 'administrator']
  },
  { scope: 'app', key: 'F9', command: 'open.sync', label: 'Phensys sync' },
  { scope: 'app', key: 'F10', command: 'open.registers', label: 'Registers: POM, CD, RP record, batch recall' },
  {
    scope: 'app',
    key: 'F11',
    command: 'open.trainer',
    label: 'Trainer: play Phensys and the patient (training mode)',
    who: TRAINERS
  },
  { scope: 'app', key: 'F12', command: 'lock', label: 'Lock the screen (you come back with your PIN)' }
]

/** The request screen's actions come from the workflow's table, each with its key and its people. */
const REQUEST_ACTIONS: Binding[] = Object.entries(TRANSITIONS)
  .filter(([, transition]) => (transition as Transition).shortcut !== '')
  .map(([command, transition]) => ({
    scope: 'request',
    key: (transition as Transition).shortcut,
    command: `workflow.${command}`,
    label: (transition as Transition).label,
    who: (transition as Transition).roles
  }))

export const BINDINGS: readonly Binding[] = [
  ...APP,
  { scope: 'signIn', key: 'ArrowDown', command: 'person.next', label: 'Next name', inFields: true },
  { scope: 'signIn', key: 'ArrowUp', command: 'person.previous', label: 'Previous name', inFields: true },
  {
    scope: 'lock',
    key: 'F5',
    command: 'signOut',
    label: 'Sign out (switch user: the next person signs in)'
  },

  ...listKeys('worklist', 'Open the request', true),
  { scope: 'worklist', key: 'PageDown', command: 'list.pageDown', label: 'A page down' },
  { scope: 'worklist', key: 'PageUp', command: 'list.pageUp', label: 'A page up' },
  { scope: 'worklist', key: 'Home', command: 'list.first', label: 'First row' },
  { scope: 'worklist', key: 'End', command: 'list.last', label: 'Last row' },
  {
    scope: 'worklist',
    key: '/',
    command: 'search',
    label: 'Search every request, open or closed: name, date of birth, postcode, reference or tracking number'
  },
  { scope: 'worklist', key: 'o', command: 'view.open', label: 'The open work' },
  { scope: 'worklist', key: 't', command: 'view.completedToday', label: 'Completed today' },
  { scope: 'worklist', key: 'a', command: 'view.all', label: 'All requests, newest first' },
  {
    scope: 'worklist',
    key: 'm',
    command: 'patient',
    label: "The selected request's patient: medication record",
    who: STAFF
  },
  { scope: 'worklist', key: '0', command: 'stage.all', label: 'All stages' },
  { scope: 'worklist', key: '1-9', command: 'stage.pick', label: 'Only the numbered stage' },

  back('request'),
  ...REQUEST_ACTIONS,
  { scope: 'request', key: 'm', command: 'patient', label: "The patient's medication record", who: STAFF },
  { scope: 'request', key: 'e', command: 'note', label: 'Add a note to the request (internal)', who: STAFF },
  { scope: 'request', key: 'i', command: 'reprint', label: 'Reprint labels: all, a set or one', who: STAFF },
  {
    scope: 'request',
    key: 't',
    command: 'patientReturn',
    label: 'Record a return: Schedule 2 CDs the patient brought back (delivered requests)',
    who: ['pharmacist']
  },

  back('patient', 'Back'),
  ...listKeys('patient', 'Open the request'),
  { scope: 'patient', key: 'e', command: 'note', label: 'Add a note on the patient (internal)', who: STAFF },
  { scope: 'request', key: 'ArrowDown', command: 'line.next', label: 'Dispensing: select the next line' },
  { scope: 'request', key: 'ArrowUp', command: 'line.previous', label: 'Dispensing: select the previous line' },

  back('hardCopies'),
  ...listKeys('hardCopies', 'Open the request'),

  { ...back('rp'), label: 'Back to the worklist (or close the form)' },
  { scope: 'rp', key: 's', command: 'rp.signIn', label: 'Sign in as Responsible Pharmacist', who: ['pharmacist'] },
  { scope: 'rp', key: 'a', command: 'rp.startAbsence', label: 'Absent from the pharmacy', who: ['pharmacist'] },
  { scope: 'rp', key: 'r', command: 'rp.endAbsence', label: 'Returned', who: ['pharmacist'] },
  { scope: 'rp', key: 'o', command: 'rp.signOut', label: 'Sign out as RP (or close another RP’s entry)' },

  back('registers'),
  { scope: 'registers', key: '1-9', command: 'tab', label: 'The numbered register' },
  ...listKeys('registerRows', 'Open the row'),

  back('dispatch'),
  { scope: 'dispatch', key: '1-9', command: 'tab', label: 'The numbered tab' },
  { scope: 'manifests', key: 'ArrowLeft', command: 'day.previous', label: 'The day before' },
  { scope: 'manifests', key: 'ArrowRight', command: 'day.next', label: 'The day after' },
  { scope: 'manifests', key: 't', command: 'day.today', label: 'Today' },
  { scope: 'manifests', key: 'p', command: 'manifest.pdf', label: 'The selected carrier’s manifest as PDF' },
  ...listKeys('manifests', 'Open the manifest'),

  { ...back('stock'), label: 'Back (from a pack to the list, from the list to the worklist)' },
  { scope: 'stock', key: '1-9', command: 'tab', label: 'The numbered tab' },
  ...listKeys('stockLevels', 'Open the pack', true),
  { scope: 'stockLevels', key: '/', command: 'search', label: 'Search by name, dm+d code, PIP or GTIN' },
  { scope: 'stockLevels', key: 'a', command: 'filter.all', label: 'All packs' },
  { scope: 'stockLevels', key: 'i', command: 'filter.inStock', label: 'Only packs in stock' },
  { scope: 'stockLevels', key: 'l', command: 'filter.low', label: 'Only packs below their reorder level' },
  { scope: 'stockLevels', key: 'PageDown', command: 'more', label: 'Load more packs', inFields: true },
  { scope: 'goodsIn', key: 'n', command: 'delivery.new', label: 'A new delivery', who: STAFF },
  { scope: 'goodsIn', key: 's', command: 'field', label: 'To the code field' },
  { scope: 'stockOrders', key: 'h', command: 'toggleOpen', label: 'Open orders only, or all' },
  ...listKeys('lowStock', 'Open the pack', true),
  ...listKeys('shortExpiry', 'Open the pack', true),
  { scope: 'shortExpiry', key: 'ArrowLeft', command: 'window.shorter', label: 'A shorter window' },
  { scope: 'shortExpiry', key: 'ArrowRight', command: 'window.longer', label: 'A longer window' },
  { scope: 'supplyIssues', key: 'r', command: 'raise', label: 'Record a supply issue', who: STAFF },
  { scope: 'supplyIssues', key: 'h', command: 'toggleActive', label: 'Active issues only, or all' },
  { scope: 'stockPack', key: 'o', command: 'order', label: 'Order this pack', who: STAFF },
  { scope: 'stockPack', key: 't', command: 'stockTake', label: 'Stock take', who: ['pharmacist'] },

  back('trainer'),
  { scope: 'trainer', key: 'ArrowDown', command: 'list.down', label: 'Next request' },
  { scope: 'trainer', key: 'ArrowUp', command: 'list.up', label: 'Previous request' },
  { scope: 'trainer', key: 'w', command: 'wait', label: 'The patient waits for the stock', who: TRAINERS },
  { scope: 'trainer', key: 'x', command: 'patientCancels', label: 'The patient cancels', who: TRAINERS },
  { scope: 'trainer', key: 'f', command: 'furtherConsultation', label: 'A further consultation', who: TRAINERS },
  { scope: 'trainer', key: 'c', command: 'cancel', label: 'Phensys cancels the request', who: TRAINERS },
  { scope: 'trainer', key: 'r', command: 'resolve', label: 'The query resolved, nothing changed', who: TRAINERS },
  {
    scope: 'trainer',
    key: 'q',
    command: 'resolveChanged',
    label: 'The query resolved with changed quantities',
    who: TRAINERS
  },
  {
    scope: 'trainer',
    key: '1-9',
    command: 'newRequest',
    label: 'A new request: 1 upload, 2 video, 3 phone, 4 form',
    who: TRAINERS
  },
  back('sync'),
  {
    scope: 'sync',
    key: 't',
    command: 'tryNow',
    label: "Try Phensys now: end its wait and every event's backoff",
    who: ['pharmacist', 'administrator']
  },
  back('settings'),
  back('users'),
  back('pairing'),
  back('failed'),
  { ...back('devices'), label: 'Back to the worklist' },
  {
    scope: 'devices',
    key: 't',
    command: 'testLabel',
    label: 'Print a test label',
    who: ['pharmacist', 'administrator']
  },

  { scope: 'dialog', key: 'Escape', command: 'close', label: 'Close without doing anything', inFields: true },
  {
    scope: 'accuracyCheck',
    key: 'Escape',
    command: 'close',
    label: 'Stop checking (the re-scans so far are forgotten)'
  },
  { scope: 'scanRefused', key: 'Escape', command: 'dismiss', label: 'Dismiss the refusal', inFields: true },
  {
    scope: 'scanRefused',
    key: 'Enter',
    command: 'hold',
    label: 'Does nothing: a refusal is dismissed on purpose',
    inFields: true
  },
  { scope: 'scanRefused', key: ' ', command: 'hold', label: 'Does nothing', inFields: true },
  { scope: 'help', key: 'Escape', command: 'close', label: 'Close this help', inFields: true }
]
