import type { AppInfo, SessionInfo } from '@shared/contract'
import { ROLE_LABELS } from '@shared/roles'
import { call } from '../api/client'
import { useSession } from '../session/session-store'
import { SyncBar } from '../features/sync/SyncBar'
import { RpIndicator } from '../features/rp/RpIndicator'
import { ScannerButton } from '../features/scan/ScannerButton'
import { DevicesButton } from '../features/devices/DevicesButton'
import { ErrorBoundary } from '../ui/ErrorBoundary'

/** The header: the training banner, the workstation, Phensys, the RP, and who is signed in with their keys. */
export function AppHeader({ info, session }: { info: AppInfo; session: SessionInfo | null }): React.JSX.Element {
  const working = Boolean(session && !session.locked)
  const open = useSession((state) => state.open)
  const staff = session?.user.roles.some((role) => role !== 'administrator') ?? false
  const admin = session?.user.roles.includes('administrator') ?? false
  return (
    <>
      {info.training && (
        <div className="training-banner" role="status">
          Training — practice data, built-in Phensys sandbox
        </div>
      )}
      <header className="app-header">
        <strong>Pharmetra Counter</strong>
        <span>
          {info.pharmacyName} · {info.workstationId}
        </span>
        {working && (
          <ErrorBoundary what="The Phensys status">
            <SyncBar training={info.training} />
          </ErrorBoundary>
        )}
        {working && (
          <ErrorBoundary what="The Responsible Pharmacist status">
            <RpIndicator />
          </ErrorBoundary>
        )}
        {working && session && (
          <span className="who">
            {staff && (
              <button onClick={() => open({ name: 'hardCopies' })} title="Original prescriptions awaited (F4)">
                Originals
              </button>
            )}
            {staff && (
              <button onClick={() => open({ name: 'stock' })} title="Stock (F6)">
                Stock
              </button>
            )}
            <button onClick={() => open({ name: 'dispatch' })} title="Manifests, carrier outcomes, carriers (F3)">
              Dispatch
            </button>
            {info.training && (admin || session.user.roles.includes('pharmacist')) && (
              <button onClick={() => open({ name: 'trainer' })} title="Play Phensys and the patient (F11)">
                Trainer
              </button>
            )}
            {admin && <button onClick={() => open({ name: 'users' })}>Users</button>}
            {admin && <button onClick={() => open({ name: 'settings' })}>Settings</button>}
            <ScannerButton />
            <DevicesButton />
            {session.user.displayName} ({session.user.roles.map((role) => ROLE_LABELS[role]).join(', ')})
            <button onClick={() => void call('auth.lock', {})} title="Lock the screen (F12)">
              Lock
            </button>
            <button
              onClick={() => void call('auth.signOut', {}).then(() => useSession.getState().setSession(null))}
              title="Sign out: the next person signs in (F5)"
            >
              Sign out
            </button>
          </span>
        )}
      </header>
    </>
  )
}
