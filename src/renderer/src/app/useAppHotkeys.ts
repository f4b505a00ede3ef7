import { useEffect } from 'react'
import { call } from '../api/client'
import { useSession } from '../session/session-store'

/** App-wide keys that have no home in one feature: F2 Responsible Pharmacist, F3 dispatch, F4 originals awaited, F10 registers, F12 lock the screen. */
export function useAppHotkeys(active: boolean): void {
  useEffect(() => {
    if (!active) return
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'F2' || event.key === 'F10') {
        event.preventDefault()
        useSession.getState().open(event.key === 'F2' ? { name: 'rp' } : { name: 'registers' })
      } else if (event.key === 'F3') {
        event.preventDefault()
        useSession.getState().open({ name: 'dispatch' })
      } else if (event.key === 'F4') {
        event.preventDefault()
        useSession.getState().open({ name: 'hardCopies' })
      } else if (event.key === 'F12') {
        event.preventDefault()
        void call('auth.lock', {})
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [active])
}
