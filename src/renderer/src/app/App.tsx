import { useEffect } from 'react'
import { call, onEvent } from '../api/client'
import { useSession } from '../session/session-store'
import { useAppHotkeys } from './useAppHotkeys'
import { OutstandingHardCopies } from '../features/hard-copy/OutstandingHardCopies'
import { SignIn } from '../features/signin/SignIn'
import { FirstRun } from '../features/signin/FirstRun'
import { LockScreen } from '../features/signin/LockScreen'
import { Worklist } from '../features/worklist/Worklist'
import { useWorklist } from '../features/worklist/worklist-store'
import { RequestDetail } from '../features/request/RequestDetail'
import { SyncBar } from '../features/sync/SyncBar'
import { SyncProblems } from '../features/sync/SyncProblems'
import { useSync } from '../features/sync/sync-store'
import { PhensysSettings } from '../features/settings/PhensysSettings'
import { UsersAdmin } from '../features/admin/UsersAdmin'
import { StockScreen } from '../features/stock/StockScreen'
import { useStockHotkey } from '../features/stock/useStockHotkey'
import { useWedgeScanner } from '../features/scan/useWedgeScanner'
import { ScanToast } from '../features/scan/ScanToast'
import { ScannerButton } from '../features/scan/ScannerButton'
import { Pairing } from '../features/scan/Pairing'
import { DevicesButton } from '../features/devices/DevicesButton'
import { DevicesScreen } from '../features/devices/DevicesScreen'
import { RpIndicator } from '../features/rp/RpIndicator'
import { RpPanel } from '../features/rp/RpPanel'
import { useRp } from '../features/rp/rp-store'
import { RegistersScreen } from '../features/registers/RegistersScreen'
import { DispatchScreen } from '../features/dispatch/DispatchScreen'

const ACTIVITY_REPORT_MS = 30_000

export function App(): React.JSX.Element {
  const { info, session, screen, loadError, load, setSession } = useSession()
  const working = Boolean(session && !session.locked)
  useWedgeScanner(working)
  useStockHotkey(working)
  useAppHotkeys(working)

  useEffect(() => void load(), [load])
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'session.changed') setSession(event.payload)
        if (event.name === 'worklist.changed') void useWorklist.getState().load()
        if (event.name === 'sync.health') useSync.getState().set(event.payload)
        if (event.name === 'rp.changed') useRp.getState().set(event.payload)
      }),
    [setSession]
  )
  // A person's keys and clicks keep the screen unlocked; background refreshes do not.
  useEffect(() => {
    let last = 0
    const report = (): void => {
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

  return (
    <div className="app">
      {info.training && (
        <div className="training-banner" role="status">
          Training — not connected to Phensys
        </div>
      )}
      <header className="app-header">
        <strong>Pharmetra Counter</strong>
        <span>
          {info.pharmacyName} · {info.workstationId}
        </span>
        {session && !session.locked && <SyncBar />}
        {session && !session.locked && <RpIndicator />}
        {session && !session.locked && (
          <span className="who">
            {session.user.roles.some((role) => role !== 'administrator') && (
              <button
                onClick={() => useSession.getState().open({ name: 'hardCopies' })}
                title="Original prescriptions awaited (F4)"
              >
                Originals
              </button>
            )}
            {session.user.roles.some((role) => role !== 'administrator') && (
              <button onClick={() => useSession.getState().open({ name: 'stock' })} title="Stock (F6)">
                Stock
              </button>
            )}
            <button
              onClick={() => useSession.getState().open({ name: 'dispatch' })}
              title="Manifests, carrier outcomes, carriers (F3)"
            >
              Dispatch
            </button>
            {session.user.roles.includes('administrator') && (
              <button onClick={() => useSession.getState().open({ name: 'users' })}>Users</button>
            )}
            {session.user.roles.includes('administrator') && (
              <button onClick={() => useSession.getState().open({ name: 'settings' })}>Settings</button>
            )}
            <ScannerButton />
            <DevicesButton />
            {session.user.displayName} ({session.user.roles.join(', ')})
            <button onClick={() => void call('auth.lock', {})} title="Lock the screen (F12)">
              Lock
            </button>
            <button onClick={() => void call('auth.signOut', {}).then(() => setSession(null))}>Sign out</button>
          </span>
        )}
      </header>
      {info.firstRun && !session ? (
        <FirstRun />
      ) : !session ? (
        <SignIn />
      ) : session.locked ? (
        <LockScreen />
      ) : screen.name === 'request' ? (
        <RequestDetail id={screen.id} />
      ) : screen.name === 'sync' ? (
        <SyncProblems />
      ) : screen.name === 'settings' ? (
        <PhensysSettings />
      ) : screen.name === 'users' ? (
        <UsersAdmin />
      ) : screen.name === 'stock' ? (
        <StockScreen />
      ) : screen.name === 'pairing' ? (
        <Pairing />
      ) : screen.name === 'devices' ? (
        <DevicesScreen />
      ) : screen.name === 'hardCopies' ? (
        <OutstandingHardCopies />
      ) : screen.name === 'rp' ? (
        <RpPanel />
      ) : screen.name === 'registers' ? (
        <RegistersScreen tab={screen.tab} />
      ) : screen.name === 'dispatch' ? (
        <DispatchScreen />
      ) : (
        <Worklist />
      )}
      {working && <ScanToast />}
    </div>
  )
}
