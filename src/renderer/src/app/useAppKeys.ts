import { call } from '../api/client'
import { useScope } from '../keymap/keymap'
import { useSession, type Screen } from '../session/session-store'

async function signOut(): Promise<void> {
  await call('auth.signOut', {})
  useSession.getState().setSession(null)
}

/**
 * The app's keys while someone works (the F-keys of the keymap's table), and what a scan does
 * when nothing open takes it: a request's or bag's label opens its request.
 */
export function useAppKeys(working: boolean): void {
  const go = (screen: Screen) => () => useSession.getState().open(screen)
  useScope(
    'app',
    {
      keys: {
        'open.rp': go({ name: 'rp' }),
        'open.dispatch': go({ name: 'dispatch' }),
        'open.hardCopies': go({ name: 'hardCopies' }),
        'open.stock': go({ name: 'stock' }),
        'open.pairing': go({ name: 'pairing' }),
        'open.devices': go({ name: 'devices' }),
        'open.sync': go({ name: 'sync' }),
        'open.registers': go({ name: 'registers' }),
        'open.trainer': () => {
          if (!useSession.getState().info?.training) return false
          useSession.getState().open({ name: 'trainer' })
        },
        signOut: () => void signOut(),
        lock: () => void call('auth.lock', {})
      },
      scan: (scan, raw) => {
        if (!scan.requestId) return false
        // A dispensing label names a pack: on a request awaiting its accuracy check it is the first re-scan too.
        const packLabel = scan.classification.kind === 'request-label' && scan.classification.packId !== undefined
        useSession.getState().open({ name: 'request', id: scan.requestId, ...(packLabel ? { scan: raw } : {}) })
        return true
      }
    },
    working
  )
}
