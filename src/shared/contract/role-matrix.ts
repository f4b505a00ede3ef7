import { ROLES, type Role } from '../roles'
import { calls, type CallName } from './index'

/**
 * Whether a call's answer carries patient data: a patient's name, address, date of birth, phone,
 * email, or what was prescribed or supplied to them. Every call is listed (a new call that is not
 * fails to compile), so nobody adds one without saying.
 */
const PATIENT_DATA: Record<CallName, boolean> = {
  'app.info': false,
  'auth.session': false,
  'auth.createFirstAdmin': false,
  'auth.signIn': false,
  'auth.unlock': false,
  'auth.touch': false,
  'auth.lock': false,
  'auth.signOut': false,
  'auth.changeSecret': false,
  'users.list': false,
  'users.create': false,
  'users.update': false,
  'users.resetSecret': false,
  'users.badge': false,
  'premises.overview': false,
  'premises.pairingCode': false,
  'premises.revoke': false,
  'premises.backupNow': false,
  'premises.benchPrinting': false,
  'premises.setBenchPrinter': false,
  'requests.releaseClaim': true,
  'requests.takeOver': true,
  'worklist.get': true,
  'worklist.rows': true,
  'worklist.closed': true,
  'requests.get': true,
  'requests.accept': true,
  'requests.receiveHardCopy': true,
  'hardCopies.outstanding': true,
  'hardCopies.forRequest': true,
  'requests.reject': true,
  'requests.raiseQuery': true,
  // A flag carries the raw value Phensys sent: a name, an address, the medicine.
  'requests.flags': true,
  'flags.chooseWording': true,
  'flags.acknowledge': true,
  'flags.confirmCleanedText': true,
  'flags.proposeMatch': true,
  'flags.decideMatch': true,
  'flags.cautionaryWordings': false,
  'sync.health': false,
  'sync.problems': true,
  // Each event's body: what the counter told Phensys about a request.
  'sync.history': true,
  'sync.resolveEvent': true,
  'sync.tryNow': false,
  'sync.acknowledgeEntry': false,
  'settings.phensys': false,
  'store.space': false,
  'store.compact': false,
  'settings.checkPhensys': false,
  'settings.setPhensys': false,
  'app.restart': false,
  // Entries summarise changes to requests, dispensing and the registers.
  'audit.list': true,
  'audit.verify': false,
  'store.checkStatus': false,
  'store.check': false,
  'audit.head': false,
  'audit.dayReport': false,
  'scan.submit': false,
  'devices.wedge': false,
  'devices.status': false,
  'devices.ports': false,
  'devices.setSettings': false,
  'devices.setWedge': false,
  'devices.pairingCode': false,
  'labels.preview': true,
  // A made-up patient's label, to see how a label stock lays out.
  'labels.sample': false,
  'print.testLabel': false,
  'print.jobs': false,
  'print.reprint': false,
  'print.jobLabels': true,
  'print.resolveUnconfirmed': false,
  'requests.checkStock': true,
  'stock.request': true,
  'stock.levels': false,
  'stock.pack': false,
  'stock.lowStock': false,
  'stock.shortExpiry': false,
  'stock.identify': false,
  'stock.orders': false,
  'stock.placeOrder': false,
  'stock.cancelOrderLine': false,
  'stock.receiveScan': false,
  'stock.delivery': false,
  'stock.receiptLine': false,
  'stock.adjust': false,
  'stock.writeOff': false,
  'stock.stockTake': false,
  'stock.supplyIssues': false,
  'stock.raiseSupplyIssue': false,
  'stock.resolveSupplyIssue': false,
  'stock.wholesalers': false,
  'stock.saveWholesaler': false,
  'stock.releaseRequest': true,
  'stock.recallBatch': true,
  'registers.pom.list': true,
  'registers.pom.correct': true,
  'registers.pom.export': true,
  'registers.cd.sections': false,
  'registers.cd.list': true,
  'registers.cd.open': true,
  'registers.cd.correct': true,
  'registers.cd.export': true,
  'registers.patientReturns.record': true,
  'registers.patientReturns.destroy': true,
  'registers.patientReturns.list': true,
  'registers.patientReturns.export': true,
  'registers.recall.search': true,
  'registers.recall.export': true,
  'rp.status': false,
  'rp.signIn': false,
  'rp.startAbsence': false,
  'rp.endAbsence': false,
  'rp.signOut': false,
  'rp.list': false,
  'rp.export': false,
  'requests.startDispensing': true,
  'dispensing.scanPack': true,
  'dispensing.view': true,
  'dispensing.setAllowSelfCheck': false,
  'dispensing.rescan': true,
  'dispensing.clearRescans': false,
  'dispensing.rules': false,
  'dispensing.setAutoLabels': false,
  'requests.printLabels': true,
  'requests.outOfDatePackTakenOut': true,
  'requests.clinicalCheck': true,
  'patients.record': true,
  'patients.search': true,
  'patients.decideIdentity': true,
  'notes.add': true,
  'notes.handover': true,
  'clinical.view': true,
  'requests.accuracyCheck': true,
  'dispatch.carriers': false,
  'dispatch.saveCarriers': false,
  'dispatch.shipment': true,
  'dispatch.packingPreview': true,
  'requests.chooseService': true,
  'requests.pack': true,
  'requests.dispatch': true,
  'requests.collect': true,
  'requests.markDelivered': true,
  'requests.markReturned': true,
  'requests.markParcelReturned': true,
  'requests.markParcelDelivered': true,
  'dispatch.manifest': true,
  'dispatch.manifestPdf': true,
  'dispatch.importOutcomes': true,
  'training.requests': false,
  'training.patientChoice': false,
  'training.cancel': false,
  'training.resolveQuery': false,
  'training.newRequest': false
}

/**
 * Who may make a call: before sign-in (`public`), while the screen is locked (`locked`: unlock and
 * sign out), or the roles that may (a person needs one of them, with the screen unlocked).
 */
export type CallRoles = 'public' | 'locked' | readonly Role[]

export interface CallRule {
  roles: CallRoles
  patientData: boolean
}

function rule(name: CallName): CallRule {
  const { access } = calls[name]
  const patientData = PATIENT_DATA[name]
  if (access === 'public' || access === 'locked') return { roles: access, patientData }
  const roles = access === 'anyUser' ? ROLES : access
  // Least privilege: the administrator role runs the workstation and its people, never patients' records.
  return { roles: patientData ? roles.filter((role) => role !== 'administrator') : roles, patientData }
}

/** The role matrix: for every call, who may make it and whether its answer carries patient data. */
export const ROLE_MATRIX: Readonly<Record<CallName, CallRule>> = Object.fromEntries(
  (Object.keys(calls) as CallName[]).map((name) => [name, rule(name)])
) as Record<CallName, CallRule>
