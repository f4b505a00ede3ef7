import { useEffect } from 'react'
import { useSession } from '../../session/session-store'

/** F6 opens the stock screen from anywhere, for the staff who work stock. */
export function useStockHotkey(active: boolean): void {
  useEffect(() => {
    if (!active) return
    const onKey = (event: KeyboardEvent): void => {
      const roles = useSession.getState().session?.user.roles ?? []
      if (event.key !== 'F6' || !roles.some((role) => role !== 'administrator')) return
      event.preventDefault()
      useSession.getState().open({ name: 'stock' })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [active])
}
