import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { systemClock, type Clock } from '../shared/clock'
import type { CallResponse } from '../shared/errors'
import type { CallName, CallInput, CallResult, PackView, ScanView, SnapshotChange } from '../shared/contract'
import { openStore, type Store } from './db'
import { findMigrationsDir } from './resources'
import { type AuditTrail, AuditIntegrity, auditHandlers } from './audit'
import { enforceOwnerOnly, type KeyFolder } from './vault'
import { SessionRegistry, type Handlers, HOST_BENCH, type Bench } from './contract'
import { DEFAULT_SECURITY, authHandlers, signOut, type SecurityPolicy } from './auth'
import { createDispatcher, lockIfIdle, type Dispatch } from './dispatcher'
import { EventBus, type EventListener } from './events'
import { UsersRepo, toUserView, usersHandlers } from './users'
import { RequestsRepo, catalogueSchedules, fulfilmentHandlers, HardCopiesRepo, hardCopyHandlers } from './fulfilment'
import { SettingsRepo, settingsHandlers, storeHandlers } from './settings'
import { appHandlers } from './app-handlers'
import { seedTrainingStaff, trainerHandlers } from './training'
import { Outbox, setAsideMootRefusals, setAsideOnOwnRejection, PhensysClient, type PhensysConnection } from './phensys'
import { SnapshotIngest, DEFAULT_SYNC_TUNING, SyncService, type SyncTuning, syncHandlers } from './sync'
import { StockService, stockHandlers, OwingNotes } from './stock'
import {
  DeviceService,
  DEFAULT_PRINT_RETRY,
  HOST_PRINTER,
  type PrintDestination,
  type PrintRetry,
  type OsPrinting,
  deviceHandlers,
  recordPrintedAfterStop,
  BenchPrinterSink,
  type BenchPrintAnswer,
  type BenchPrintDelivery
} from './devices'
import { PatientReturns, Registers, registerHandlers } from './registers'
import {
  DispensingService,
  batchRecallHandlers,
  outOfDatePackHandlers,
  checksHandlers,
  dispensingHandlers,
  labelPrinting,
  packScanning
} from './dispensing'
import { ShipmentsRepo, dispatchHandlers, outcomeHandlers, raiseParcelRecall, type DispatchDeps } from './dispatch'
import { Workflow, reactToPhensys, rejectUnreadable, workflowHandlers, type ReactionPorts } from './workflow'
import { nextStepsTaken } from './next-steps'
import { guardFacts } from './guard-facts'
import { startSandbox, type Sandbox } from '../sandbox'
import { randomBytes } from 'node:crypto'
import { RpRecord, rpHandlers } from './responsible-pharmacist'
import { StoreBackup, type BackupSchedule } from './backup'
import { WorkstationRegistry, type Pairing, premisesHandlers } from './premises'
import { ClinicalChecksRepo, SafetyFlags, bundledSafetyFile, clinicalHandlers } from './clinical'
import { NotesRepo, PatientsRepo, RequestSearch, patientHandlers } from './patients'
import { londonInstant } from '../shared/time/london'
import { RequestFlags, flagHandlers } from './flags'
import { bundledCautionaryLabels } from './labels'
import { serviceFor } from '../shared/dispatch/carriers'
import {
  DEFAULT_STORE_CHECK_SCHEDULE,
  FinalEventPacking,
  ClosedRequestPacking,
  ClosedEventGrouping,
  StoreChecks,
  type StoreCheckSchedule,
  storeCheckHandlers
} from './maintenance'

/** The Phensys changes after which the patient's safety flags are worked out again. */
const REFRESHES_SAFETY = new Set<SnapshotChange>(['new', 'items_changed', 'patient_changed', 'cancelled'])

export interface CoreConfig {
  /** Where the workstation keeps its SQLite store. Created if missing; its owner's alone (0700, files 0600). */
  dataDir: string
  /** The key folder, apart from the data folder: the audit key, the head recorded outside the store, the token's seal. */
  keys: KeyFolder
  clock?: Clock
  /** A real Phensys; without it the core runs in training mode on the built-in sandbox. */
  phensys?: PhensysConnection | null
  /** How the host restarts the app after a settings change; absent where it cannot. */
  requestRestart?: (() => void) | null
  /** Start the sync loops at once (default). Tests that step sync by hand turn it off. */
  autoSync?: boolean
  /**
   * Serving the premises network: the address workstations dial and the fingerprint of the host's
   * certificate (shown with each pairing code). Absent for a one-bench pharmacy.
   */
  premisesHost?: { url: string; fingerprint: string } | null
  /** Online backups of the store to a second location; absent: no scheduled backup. */
  backup?: BackupSchedule | null
  /** Open scanners and the label printer, and run the print queue (default). */
  autoDevices?: boolean
  printRetry?: Partial<PrintRetry>
  /** Printing to printers the OS knows: only the Electron shell has it. */
  osPrinting?: OsPrinting | null
  syncTuning?: Partial<SyncTuning>
  security?: Partial<SecurityPolicy>
  migrationsDir?: string
  /**
   * Where the catalogue and the wholesalers' file a new store imports at first start are
   * (`catalogue/*.csv`, `wholesalers.json`); `resources/` beside the app when absent.
   */
  resourcesDir?: string
  /** better-sqlite3's addon built for the host's ABI, when it is not the one Node loads. */
  nativeBinding?: string
  /** When the full database check runs in the background (daily, the first a while after start). */
  storeChecks?: Partial<StoreCheckSchedule>
  log?: (message: string, error?: unknown) => void
}

export interface Core {
  readonly training: boolean
  readonly dataDir: string
  /** A new window or tab, at the host or at a paired bench: returns its session id, which every call then carries. */
  openSession(bench?: Bench): string
  closeSession(sessionId: string): void
  /** The untyped entry point the hosts use: input arrives as raw JSON and is validated. */
  dispatch: Dispatch
  /** The typed entry point for code and tests in the same process. */
  call<N extends CallName>(sessionId: string, name: N, input: CallInput<N>): Promise<CallResponse<CallResult<N>>>
  /** Hears a session's events; null when there is no such session (it ended, or never was). */
  subscribe(sessionId: string, listener: EventListener): (() => void) | null
  /** The benches that join this host: pairing with a one-time code, and checking a bench's credential. */
  readonly premises: {
    pair(code: string, name: string, certificateFingerprint: string): Pairing
    verify(workstationId: string, credential: string): Bench | null
    /** A scan read by a serial scanner at a bench: it reaches that bench's windows only. */
    scanAt(bench: Bench, raw: string, device: string): ScanView
    /**
     * A bench offers the printer attached to it (`description`, in its words): the host hands the
     * jobs meant for it down `push` and hears back through `answer`, until `withdraw`.
     */
    offerPrinter(
      bench: Bench,
      description: string,
      push: (delivery: BenchPrintDelivery) => void
    ): { answer(answer: BenchPrintAnswer): boolean; withdraw(): void }
    /** Hears each bench an administrator removes (its id), to end what it holds open; returns a stop. */
    onBenchRemoved(listener: (benchId: string) => void): () => void
  }
  /** For tests and tools in the same process. */
  readonly internals: {
    store: Store
    storeFile: string
    audit: AuditTrail
    integrity: AuditIntegrity
    requests: RequestsRepo
    hardCopies: HardCopiesRepo
    users: UsersRepo
    settings: SettingsRepo
    events: EventBus
    outbox: Outbox
    ingest: SnapshotIngest
    sync: SyncService
    devices: DeviceService
    backup: StoreBackup
    /** Training mode's built-in Phensys sandbox. */
    sandbox: Sandbox | null
  }
  close(): Promise<void>
}

/**
 * The composition root: wires the store, the domain services and the contract, under plain
 * Node. Electron's shell, browser mode and the tests all host the same core.
 */
export async function createCore(config: CoreConfig): Promise<Core> {
  const clock = config.clock ?? systemClock
  const log = config.log ?? ((message: string, error?: unknown) => console.error(`[core] ${message}`, error ?? ''))
  const policy: SecurityPolicy = { ...DEFAULT_SECURITY, ...config.security }
  const training = !config.phensys

  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  enforceOwnerOnly(config.dataDir, 'data folder')
  const keyExisted = config.keys.has('audit')
  const auditKey = config.keys.key('audit')
  // Training keeps its own store, so demo requests can never mix with real patients.
  const storeName = training ? 'training' : 'counter'
  const storeFile = join(config.dataDir, `${storeName}.sqlite`)
  const migrationsDir = config.migrationsDir ?? findMigrationsDir()
  const store = openStore(storeFile, { migrationsDir, nativeBinding: config.nativeBinding, auditKey })
  const integrity = new AuditIntegrity({
    store,
    folder: config.keys,
    keyExisted,
    key: auditKey,
    storeName,
    migrationsDir,
    now: clock.now(),
    log
  })
  const audit = integrity.trail
  const users = new UsersRepo(store.db)
  const settings = new SettingsRepo(store.db)
  // The catalogue's Controlled Drug schedules: with Phensys's, each product's effective schedule.
  const catalogue = catalogueSchedules(store.db)
  const requests = new RequestsRepo(store.db, catalogue)
  const sessions = new SessionRegistry(policy.sessions)
  const events = new EventBus((session) => {
    // An event queued before the core closed finds nobody to tell.
    if (!store.sqlite.open) return null
    const user = session.userId ? users.byId(session.userId) : undefined
    return user?.active ? toUserView(user).roles : null
  })
  const checks = new StoreChecks({
    db: store.db,
    storeFile,
    ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}),
    clock,
    events,
    schedule: { ...DEFAULT_STORE_CHECK_SCHEDULE, ...config.storeChecks },
    log
  })
  checks.start(!store.lastStopWasClean)
  const finalEvents = new FinalEventPacking({ db: store.db, log })
  finalEvents.start()
  const closedRequests = new ClosedRequestPacking({ db: store.db, now: () => clock.now(), log })
  closedRequests.start()
  const closedEvents = new ClosedEventGrouping({ db: store.db, now: () => clock.now(), log })
  closedEvents.start()
  const outbox = new Outbox(store.db, () => settings.get('workstationId'))
  const stock = new StockService({
    db: store.db,
    audit,
    clock,
    log,
    training,
    ...(config.resourcesDir ? { resourcesDir: config.resourcesDir } : {})
  })
  stock.start()
  // The registers: Schedule 2 receipts are written as goods-in books each pack, in its transaction.
  const hardCopies = new HardCopiesRepo(store.db, catalogue)
  const registers = new Registers(store.db, requests, hardCopies)
  stock.goodsIn.onBooked(registers.cdReceipts.record)
  if (training) store.sqlite.transaction(() => registers.openTrainingBalances(audit, clock.now(), stock.today()))()
  // What Phensys sends that this pharmacy does not know is flagged on the request as it arrives.
  const flags = new RequestFlags(store.db, {
    hasCautionaryWording: (number) => bundledCautionaryLabels().labels.has(number),
    cautionaryFigures: (number) => bundledCautionaryLabels().labels.get(number)?.placeholders ?? [],
    productProblem: (dmdId, unit) => stock.matches.problem(dmdId, unit),
    knowsDeliveryService: (code) => serviceFor(settings.get('carriers'), code) !== null,
    catalogueSchedule: catalogue
  })
  // Phensys's cancellations and the patient's choice reach stock through the reactions' deps.
  const dispensing = new DispensingService({
    sqlite: store.sqlite,
    requests,
    audit,
    stock,
    settings,
    events,
    log,
    users,
    labelDecisions: (snapshot) => flags.labels(snapshot),
    afterCommit: () => sync.notifyOutbox()
  })
  const packByGtin = (gtin: string): PackView | null => {
    const found = stock.catalogue.packByGtin(gtin)
    return found ? stock.catalogue.packView(found.amppId) : null
  }
  // The benches that joined this host; each chooses where its labels print.
  const workstations = new WorkstationRegistry(store.db)
  const printsAt = (bench: Bench): PrintDestination =>
    bench.id !== HOST_BENCH.id && workstations.defaultPrinterOf(bench.id) === 'bench'
      ? { id: bench.id, name: `${bench.name}'s printer` }
      : HOST_PRINTER
  const benchRemovedListeners = new Set<(benchId: string) => void>()
  // A removed bench (lost, stolen, replaced) hears and prints nothing more from the moment it is removed.
  const benchRemoved = (bench: Bench): void => {
    for (const session of [...sessions.all()])
      if (session.bench.id === bench.id) {
        events.forget(session)
        sessions.close(session.id)
      }
    devices.queue.benchRemoved(bench.id, bench.name)
    for (const listener of benchRemovedListeners) listener(bench.id)
  }
  const devices = new DeviceService({
    db: store.db,
    clock,
    events,
    requests,
    settings,
    printRetry: { ...DEFAULT_PRINT_RETRY, ...config.printRetry },
    packByGtin,
    osPrinting: config.osPrinting ?? null,
    log,
    destinationFor: printsAt
  })
  const shipments = new ShipmentsRepo(store.db)
  const rpRecord = new RpRecord(store.db)
  // The patient's record, and the clinical check made with it in view before anything is assembled.
  const patients = new PatientsRepo(store.db)
  const notes = new NotesRepo(store.db)
  const clinicalChecks = new ClinicalChecksRepo(store.db)
  const safety = new SafetyFlags({
    flags,
    patients,
    requests,
    file: bundledSafetyFile(),
    today: (now) => stock.today(now),
    windowDays: () => settings.get('earlySupplyWindowDays')
  })
  // Every stage change goes through the workflow; its guards read the other parts through facts.
  const facts = guardFacts({
    stock,
    dispensing,
    hardCopies,
    requests,
    catalogue,
    shipments,
    settings,
    rpRecord,
    clinicalChecks,
    flags,
    printQueue: () => devices.queue
  })
  const workflow = new Workflow({ db: store.db, requests, outbox, audit, facts })
  // What a stopped request gives back (its packs, to the shelf or to quarantine once labelled; its
  // reservations) and withdraws (labels not yet printed, stock still to come, moot refused events).
  const reactionPorts: ReactionPorts = {
    stockOutcome: (id) => stock.requestOutcome(id),
    releaseStock: (id, now, why) => stock.releaseForRequest(id, now, why),
    stockShortOf: (id, snapshot, withOrders) =>
      stock.shortOf(id, snapshot.prescription.items, dispensing.packs.assembled(id), withOrders),
    // Not all of the bag is back and which packs are is not known: nothing can be taken back. Where
    // packing said which packs went in which parcel, the packs in hand are taken back exactly.
    parcelStillOut: (id) => {
      const parcels = shipments.currentParcels(id)
      return parcels.some((parcel) => parcel.outcome !== 'returned') && !shipments.contentsKnown(parcels)
    },
    flagParcelsOut: (id, stopped, version, now) =>
      raiseParcelRecall({ flags, shipments }, id, stopped, version, now.toISOString()),
    takeBackPacks: (id, now, why) => dispensing.onStopped(id, now, why),
    originalAwaited: (snapshot) =>
      requests.get(snapshot.id)?.row.hardCopyRequired === true && !hardCopies.inHand(snapshot),
    originalRequired: (id) => requests.get(id)?.row.hardCopyRequired === true,
    clinicalCheckStands: (id) => clinicalChecks.standing(id) !== null,
    voidClinicalCheck: (id, version, now) => void clinicalChecks.voidStandingCheck(id, version, now.toISOString()),
    voidLabelsAndAccuracyCheck: (id) => dispensing.packs.voidLabelsAndCheck(id),
    accuracyCheckStands: (id) => dispensing.packs.checks(id).accuracyCheckAt !== null,
    withdrawPrintJobs: (id, now, why) => devices.queue.withdrawFor(id, now, why),
    // A parcel of the bag's dispatch still out: the label is not at hand to take off; the parcel is recalled.
    voidBagLabels: (id, now, why) =>
      devices.queue.voidPrintedBagLabels(
        id,
        now,
        why,
        shipments.currentParcels(id).some((parcel) => parcel.outcome === null)
      ),
    withdrawOrders: (id, now, why) => stock.withdrawOrders(id, now, why),
    setAsideRefusedEvents: (id, snapshot, now) => setAsideMootRefusals(outbox, id, snapshot, now),
    setAsideOnOwnRejection: (id, rejected, now) => setAsideOnOwnRejection(outbox, id, rejected, now)
  }
  const ingest = new SnapshotIngest(
    store.db,
    {
      requests,
      outbox,
      audit,
      react: (change) => {
        reactToPhensys(workflow, reactionPorts, change)
        // A new request, new items, another patient or a request no longer open change this request's
        // safety flags and those of the patient's other open requests; a patient's choice or a state does not.
        if (change.changes.some((kind) => REFRESHES_SAFETY.has(kind)))
          safety.refreshPatient(change.snapshot.patient.id, change.now, change.firstSeen ? change.requestId : undefined)
        // Now another patient's: the one it was for has other open requests whose flags (a duplicate,
        // an interaction) may name this request, no longer theirs.
        if (change.formerPatientId !== null) safety.refreshPatient(change.formerPatientId, change.now)
      },
      rejectUnreadable: (change) => rejectUnreadable(workflow, reactionPorts, change),
      // A page's safety flags are computed once per patient, at its end, in its transaction.
      inPage: (work, now) => safety.batch(work, now)
    },
    flags
  )

  let sandbox: Sandbox | null = null
  let connection: PhensysConnection
  if (config.phensys) {
    connection = config.phensys
  } else {
    const token = randomBytes(24).toString('base64url')
    sandbox = await startSandbox({
      token,
      dbFile: join(config.dataDir, 'training-sandbox.sqlite'),
      seed: 'demo',
      now: () => clock.now()
    })
    connection = { url: sandbox.url, token }
  }
  const syncTuning = { ...DEFAULT_SYNC_TUNING, ...config.syncTuning }
  const client = new PhensysClient(connection, { requestTimeoutMs: syncTuning.requestTimeoutMs })
  const sync = new SyncService({
    db: store.db,
    client,
    ingest,
    outbox,
    requests,
    audit,
    flags,
    clock,
    events,
    mode: training ? 'training' : 'live',
    tuning: syncTuning,
    log
  })

  if (training) store.sqlite.transaction(() => seedTrainingStaff(users, clock.now(), policy.scryptCost))()

  dispensing.registerLabelHook(devices.queue, workflow)
  devices.queue.onDelivered(recordPrintedAfterStop(audit))
  const dispatchDeps: DispatchDeps = {
    requests,
    workflow,
    facts,
    shipments,
    settings,
    queue: devices.queue,
    supplies: {
      // A supply made is in the patient's record (their other open requests' flags follow it), and
      // what stayed reserved for it and was not dispensed goes back to the shelf.
      recordSupply: (requestId, handover, actor, now) => {
        registers.supplies.recordSupply(requestId, handover, actor, now)
        stock.releaseLeftover(requestId, actor, now)
        safety.refreshPatientOf(requestId, now)
      },
      recordReturn: (requestId, returned, actor, now, cdBack) =>
        registers.supplies.recordReturn(requestId, returned, actor, now, cdBack),
      recordParcelsBack: (requestId, back, returned, actor, now) =>
        registers.supplies.recordParcelsBack(requestId, back, returned, actor, now)
    },
    today: (now) => stock.today(now),
    flags,
    takeBackPacks: (requestId, now, why, only) => void dispensing.onStopped(requestId, now, why, only)
  }

  const backup = new StoreBackup({
    sqlite: store.sqlite,
    db: store.db,
    audit,
    schedule: config.backup ?? null,
    nativeBinding: config.nativeBinding,
    log
  })

  const workflowSteps = workflowHandlers(workflow, reactionPorts)
  const owing = new OwingNotes(store.db)
  const steps: Handlers = {
    ...appHandlers({ users, settings, training }),
    ...authHandlers({ users, policy, live: !training }),
    ...usersHandlers({ users, scryptCost: policy.scryptCost }),
    ...fulfilmentHandlers({
      requests,
      audit,
      todayStart: (now) => londonInstant(stock.today(now), '00:00').toISOString(),
      // What holds each request back, in a few words: its unsettled flags first, then what it is owed.
      worklistNotes: (ids) => {
        const notes = flags.worklistNotes(ids)
        for (const [id, owed] of owing.of(ids)) notes.set(id, [...(notes.get(id) ?? []), owed])
        return notes
      },
      closedNotes: (ids) => flags.worklistNotes(ids, { owedOnly: true })
    }),
    ...flagHandlers({
      flags,
      requests,
      matches: stock.matches,
      cautionaryWordings: () =>
        [...bundledCautionaryLabels().labels.values()]
          .filter((label) => label.placeholders.length === 0)
          .map((label) => ({ number: label.number, text: label.text }))
    }),
    ...workflowSteps,
    ...patientHandlers({
      patients,
      notes,
      search: new RequestSearch(store.db),
      requests,
      flagsOf: (ids) => safety.views(ids),
      today: (now) => stock.today(now)
    }),
    ...clinicalHandlers({
      sqlite: store.sqlite,
      workflow,
      checks: clinicalChecks,
      safety,
      patients,
      notes,
      requests,
      // Safety flags have their own list in the check: the others (intake, recall, dispatch) join them there.
      intakeFlags: (id) => flags.unsettled(id).filter((flag) => flag.source !== 'safety'),
      today: (now) => stock.today(now),
      raiseQuery: workflowSteps['requests.raiseQuery'],
      reject: workflowSteps['requests.reject']
    }),
    ...hardCopyHandlers({ workflow, requests, hardCopies, settings, catalogue }),
    ...syncHandlers({ db: store.db, outbox, sync, flags }),
    ...storeHandlers({
      sqlite: store.sqlite,
      audit,
      // What is kept deflated once final is all deflated first, so that compacting gives back its space.
      packFinalRecords: () => {
        finalEvents.packAll()
        closedRequests.packAll()
        closedEvents.packAll()
        for (let n = 1; n > 0;) n = devices.queue.packPrinted()
      }
    }),
    ...settingsHandlers({
      dataDir: config.dataDir,
      connection: config.phensys ?? null,
      secretBox: config.keys.secretBox(),
      requestRestart: config.requestRestart ?? null
    }),
    ...auditHandlers({ db: store.db, audit, integrity, workstation: () => settings.get('workstationId') }),
    ...storeCheckHandlers({ checks }),
    ...registerHandlers({ registers, patientReturns: new PatientReturns(store.db, { requests, catalogue }) }),
    ...rpHandlers({ record: rpRecord, users, auditHead: () => audit.head() }),
    ...stockHandlers({
      stock,
      requests,
      workflow,
      relayedEta: (id) => outbox.relayedEta(id),
      cdStock: registers.cdStockChanges
    }),
    ...deviceHandlers({
      devices,
      settings,
      requests,
      currentLabelsJob: (id) => dispensing.packs.checks(id).labelsJobId,
      packsInBag: (id) => dispensing.packs.inHand(id).length,
      currentBagJob: (id) => shipments.get(id)?.labelsJobId ?? null,
      heldByFlags: (id, step) => flags.blocking(id, step).map((flag) => flag.words)
    }),
    ...dispensingHandlers({ dispensing, queue: devices.queue, workflow }),
    ...batchRecallHandlers({
      dispensing,
      flags,
      workflow,
      withdrawPrintJobs: (id, now, why) => devices.queue.withdrawFor(id, now, why)
    }),
    ...outOfDatePackHandlers({
      dispensing,
      workflow,
      withdrawPrintJobs: (id, now, why) => devices.queue.withdrawFor(id, now, why)
    }),
    ...checksHandlers({
      dispensing,
      workflow,
      clinicalCheckBy: (id) => clinicalChecks.standing(id)?.byName ?? null
    }),
    ...dispatchHandlers(dispatchDeps),
    ...outcomeHandlers(dispatchDeps),
    ...premisesHandlers({
      registry: workstations,
      backup,
      workflow,
      queue: devices.queue,
      host: config.premisesHost ?? null,
      benchRemoved
    }),
    ...trainerHandlers({
      sandbox: () => (sandbox ? { url: sandbox.url, token: connection.token } : null),
      requests,
      now: () => clock.now()
    })
  }
  const handlers: Handlers = {
    ...steps,
    ...nextStepsTaken(steps, {
      sqlite: store.sqlite,
      workflow,
      settings,
      everyPackMatched: (id) => dispensing.view(id).complete,
      lastAssembler: (id) => {
        const last = dispensing.packs.assembled(id).at(-1)
        return last ? { id: last.assembledById, name: last.assembledByName } : null
      },
      scanPack: packScanning({ dispensing, queue: devices.queue, workflow }),
      printLabels: labelPrinting({ dispensing, queue: devices.queue, workflow })
    })
  }
  const dispatch = createDispatcher({
    sqlite: store.sqlite,
    clock,
    audit,
    sessions,
    users,
    events,
    handlers,
    idleLockMs: policy.idleLockMs,
    log,
    afterCommit: () => sync.notifyOutbox()
  })

  // Lock idle screens even when nobody calls: the window hears about it at once. Close the sessions
  // nobody uses, and end sign-ins that have lasted a shift.
  const idleTimer = setInterval(() => {
    const now = clock.now()
    for (const session of sessions.all()) lockIfIdle({ idleLockMs: policy.idleLockMs, events, users }, session, now)
    for (const session of sessions.sweep(now.getTime(), (s) => events.listening(s))) {
      store.sqlite.transaction(() =>
        audit.append({
          at: now.toISOString(),
          actorId: session.userId,
          actorName: null,
          command: 'auth.signInExpired',
          entityType: 'user',
          entityId: session.userId,
          summary: { signedInAt: session.signedInAt }
        })
      )()
      signOut(session)
      events.toSession(session, 'session.changed', null)
    }
  }, 10_000)
  idleTimer.unref()
  if (config.autoSync !== false) sync.start()
  if (config.autoDevices !== false) await devices.start()
  backup.start()
  // The files made since the first check (the store's, its WAL, the training sandbox's) are owner-only too.
  enforceOwnerOnly(config.dataDir, 'data folder')

  return {
    training,
    dataDir: config.dataDir,
    openSession: (bench) => sessions.open(clock.now().getTime(), bench).id,
    closeSession: (sessionId) => sessions.close(sessionId),
    dispatch,
    call: (sessionId, name, input) => dispatch(sessionId, name, input) as never,
    subscribe: (sessionId, listener) => {
      const session = sessions.get(sessionId)
      return session ? events.subscribe(session, listener) : null
    },
    premises: {
      // Each in its own transaction, with its audit entry: a pairing is made by the code's holder, not a signed-in person.
      pair: (code, name, fingerprint) =>
        store.sqlite.transaction(() => {
          const now = clock.now()
          const pairing = workstations.pair(code, name, fingerprint, now)
          audit.append({
            at: now.toISOString(),
            actorId: null,
            actorName: name,
            command: 'premises.paired',
            entityType: 'workstation',
            entityId: pairing.workstationId,
            summary: { name }
          })
          return pairing
        })(),
      verify: (workstationId, credential) => workstations.verify(workstationId, credential, clock.now()),
      scanAt: (bench, raw, device) => devices.pipeline.accept(raw, 'serial', device, bench),
      offerPrinter: (bench, description, push) => {
        const sink = new BenchPrinterSink(`${bench.name}'s printer (${description})`, push)
        devices.queue.attachBenchSink(bench.id, sink)
        return {
          answer: (answer) => sink.settle(answer),
          withdraw: () => devices.queue.detachBenchSink(bench.id, sink)
        }
      },
      onBenchRemoved: (listener) => {
        benchRemovedListeners.add(listener)
        return () => benchRemovedListeners.delete(listener)
      }
    },
    internals: {
      store,
      storeFile,
      audit,
      integrity,
      requests,
      hardCopies,
      users,
      settings,
      events,
      outbox,
      ingest,
      sync,
      devices,
      backup,
      sandbox
    },
    close: async () => {
      clearInterval(idleTimer)
      await backup.stop()
      await sync.stop()
      client.close()
      await devices.stop()
      await sandbox?.close()
      await checks.stop()
      finalEvents.stop()
      closedRequests.stop()
      closedEvents.stop()
      await integrity.settle()
      store.close()
    }
  }
}
