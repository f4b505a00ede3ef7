import { Suspense, lazy, useEffect, useState } from 'react'
import { call, onEvent } from '../api/client'
import { invalidateFor } from '../api/queries'
import { seesTheWorklist, useSession, type Screen } from '../session/session-store'
import type { Role } from '@shared/roles'
import { attachKeymap, useScope } from '../keymap/keymap'
import { ErrorBoundary } from '../ui/ErrorBoundary'
import { SignIn } from '../features/signin/SignIn'
import { FirstRun } from '../features/signin/FirstRun'
import { LockScreen } from '../features/signin/LockScreen'
import { ChangeSecret } from '../features/signin/ChangeSecret'
import { useWorklist } from '../features/worklist/worklist-store'
import { useSync } from '../features/sync/sync-store'
import { useWedgeScanner } from '../features/scan/useWedgeScanner'
import { ScanToast } from '../features/scan/ScanToast'
import { useRp } from '../features/rp/rp-store'
import { useStoreCheck } from '../features/admin/store-check-store'
import { StoreCheckBanner } from '../features/admin/StoreCheckBanner'
import { AppHeader } from './AppHeader'
import { HostConnectionBanner } from '../features/premises/HostConnectionBanner'
import { useAppKeys } from './useAppKeys'

// Sign-in paints first; the worklist is fetched at once beside it (it is there before anyone has
// signed in), every other screen when it is first opened. Once fetched, the worklist is drawn
// directly: through lazy() it would first show "Opening…", and React holds back what replaces a
// fallback for up to 300 ms, which was most of the first paint after sign-in.
let worklistFetched: (typeof import('../features/worklist/Worklist'))['Worklist'] | null = null
const worklistScreen = import('../features/worklist/Worklist').then((m) => {
  worklistFetched = m.Worklist
  return { default: m.Worklist }
})
const WorklistWhenFetched = lazy(() => worklistScreen)
const HelpOverlay = lazy(() => import('./HelpOverlay').then((m) => ({ default: m.HelpOverlay })))
const OutstandingHardCopies = lazy(() =>
  import('../features/hard-copy/OutstandingHardCopies').then((m) => ({ default: m.OutstandingHardCopies }))
)
const RequestDetail = lazy(() =>
  import('../features/request/RequestDetail').then((m) => ({ default: m.RequestDetail }))
)
const PatientScreen = lazy(() =>
  import('../features/patient/PatientScreen').then((m) => ({ default: m.PatientScreen }))
)
const SyncProblems = lazy(() => import('../features/sync/SyncProblems').then((m) => ({ default: m.SyncProblems })))
const PhensysSettings = lazy(() =>
  import('../features/settings/PhensysSettings').then((m) => ({ default: m.PhensysSettings }))
)
const UsersAdmin = lazy(() => import('../features/admin/UsersAdmin').then((m) => ({ default: m.UsersAdmin })))
const StockScreen = lazy(() => import('../features/stock/StockScreen').then((m) => ({ default: m.StockScreen })))
const Pairing = lazy(() => import('../features/scan/Pairing').then((m) => ({ default: m.Pairing })))
const RpPanel = lazy(() => import('../features/rp/RpPanel').then((m) => ({ default: m.RpPanel })))
const RegistersScreen = lazy(() =>
  import('../features/registers/RegistersScreen').then((m) => ({ default: m.RegistersScreen }))
)
const DispatchScreen = lazy(() =>
  import('../features/dispatch/DispatchScreen').then((m) => ({ default: m.DispatchScreen }))
)
const TrainerPanel = lazy(() => import('../features/training/TrainerPanel').then((m) => ({ default: m.TrainerPanel })))
const DevicesScreen = lazy(() =>
  import('../features/devices/DevicesScreen').then((m) => ({ default: m.DevicesScreen }))
)

const ACTIVITY_REPORT_MS = 30_000

/** What each screen is called when it fails. */
const SCREEN_NAMES: Record<Screen['name'], string> = {
  worklist: 'The worklist',
  request: 'The request screen',
  patient: "The patient's record",
  sync: 'The Phensys sync screen',
  settings: 'Settings',
  users: 'The users screen',
  pairing: 'The scanner screen',
  stock: 'The stock screen',
  devices: 'The devices screen',
  hardCopies: 'Originals awaited',
  rp: 'The Responsible Pharmacist screen',
  registers: 'The registers',
  dispatch: 'The dispatch screen',
  trainer: 'The trainer panel'
}

function ScreenView({ screen, roles }: { screen: Screen; roles: readonly Role[] }): React.JSX.Element {
  switch (screen.name) {
    case 'request':
      return <RequestDetail key={screen.id} id={screen.id} openedBy={screen.scan ?? null} />
    case 'patient':
      return <PatientScreen patientId={screen.patientId} from={screen.from ?? null} />
    case 'sync':
      return <SyncProblems />
    case 'settings':
      return <PhensysSettings />
    case 'users':
      return <UsersAdmin />
    case 'stock':
      return <StockScreen />
    case 'pairing':
      return <Pairing />
    case 'devices':
      return <DevicesScreen />
    case 'hardCopies':
      return <OutstandingHardCopies />
    case 'rp':
      return <RpPanel />
    case 'registers':
      return <RegistersScreen tab={screen.tab} />
    case 'dispatch':
      return <DispatchScreen />
    case 'trainer':
      return <TrainerPanel />
    case 'worklist': {
      if (!seesTheWorklist(roles)) return <UsersAdmin />
      const Worklist = worklistFetched ?? WorklistWhenFetched
      return <Worklist />
    }
  }
}

export function App(): React.JSX.Element {
  const { info, session, screen, loadError, load, setSession } = useSession()
  const working = Boolean(session && !session.locked)
  const [help, setHelp] = useState(false)
  useWedgeScanner(working)
  useAppKeys(working)
  useScope('app', { keys: { help: () => setHelp(true) } })

  useEffect(() => attachKeymap(window, () => useSession.getState().session?.user.roles ?? []), [])
  useEffect(() => void load(), [load])
  useEffect(
    () =>
      onEvent((event) => {
        invalidateFor(event)
        if (event.name === 'session.changed') setSession(event.payload)
        if (event.name === 'worklist.changed') useWorklist.getState().changed(event.payload.requestIds)
        if (event.name === 'sync.health') useSync.getState().set(event.payload)
        if (event.name === 'rp.changed') useRp.getState().set(event.payload)
        if (event.name === 'store.checked') useStoreCheck.getState().heard(event.payload)
      }),
    [setSession]
  )
  // A person's keys and clicks keep the screen unlocked; background refreshes do not.
  useEffect(() => {
    let last = 0
    const report = (): void => {
      // At the sign-in screen there is nobody's activity to report (and Enter there is the sign-in's moment).
      if (!useSession.getState().session) return
      if (Date.now() - last < ACTIVITY_REPORT_MS) return
      last = Date.now()
      void call('auth.touch', {})
    }
    window.addEventListener('keydown', report)
    window.addEventListener('pointerdown', report)
    return () => {
      window.removeEventListener('keydown', report)
      window.removeEventListener('pointerdown', report)
    }
  }, [])

  if (loadError)
    return (
      <p role="alert" className="error">
        {loadError}
      </p>
    )
  if (!info) return <p>Starting…</p>

  const screenKey =
    screen.name === 'request'
      ? `request ${screen.id}`
      : screen.name === 'patient'
        ? `patient ${screen.patientId}`
        : screen.name
  return (
    <div className="app">
      <HostConnectionBanner />
      <AppHeader info={info} session={session} />
      {working && <StoreCheckBanner />}
      {info.firstRun && !session ? (
        <FirstRun />
      ) : !session ? (
        <SignIn />
      ) : session.locked ? (
        <LockScreen />
      ) : session.mustChangeSecret ? (
        <ChangeSecret />
      ) : (
        <ErrorBoundary
          what={SCREEN_NAMES[screen.name]}
          resetKey={screenKey}
          back={() => useSession.getState().open({ name: 'worklist' })}
        >
          <Suspense fallback={<p className="loading">Opening…</p>}>
            <ScreenView screen={screen} roles={session.user.roles} />
          </Suspense>
        </ErrorBoundary>
      )}
      {working && <ScanToast />}
      {help && (
        <Suspense fallback={null}>
          <HelpOverlay onClose={() => setHelp(false)} />
        </Suspense>
      )}
    </div>
  )
}
