/**
 * A staff badge hands the counter over: whoever is signed in (working, or locked), the next
 * person scans their badge and types their PIN. The badge is never a scan for main to read nor
 * text in a field: the person signed in is signed out (their personal state goes with them) and
 * the sign-in screen opens with the badge's person chosen and the PIN field waiting. Their own
 * badge changes nothing for the person signed in (the lock screen asks for their PIN).
 */
import { create } from 'zustand'
import { readStaffBadge } from '@shared/scan/own-labels'
import { call } from '../api/client'
import { useSession } from './session-store'

/** The badge the sign-in screen starts from, once. */
export const usePendingBadge = create<{ badge: string | null; take(): string | null }>((set, get) => ({
  badge: null,
  take: () => {
    const badge = get().badge
    if (badge !== null) set({ badge: null })
    return badge
  }
}))

/** True when `raw` was a staff badge and has been dealt with here. */
export function takeBadge(raw: string): boolean {
  const userId = readStaffBadge(raw.trim())
  const session = useSession.getState().session
  if (userId === null || !session) return false
  if (userId === session.user.id) return !session.locked
  usePendingBadge.setState({ badge: raw.trim() })
  void call('auth.signOut', {}).then(() => useSession.getState().setSession(null))
  return true
}
