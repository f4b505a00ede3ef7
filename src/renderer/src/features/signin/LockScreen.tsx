import { useState, type FormEvent } from 'react'
import { readStaffBadge } from '@shared/scan/own-labels'
import { call } from '../../api/client'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'
import { ErrorLine } from '../../ui/FormParts'

export function LockScreen(): React.JSX.Element {
  const session = useSession((state) => state.session)
  const setSession = useSession((state) => state.setSession)
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  async function unlock(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('auth.unlock', { secret })
    setSecret('')
    if (answer.ok) setSession(answer.value)
    else setError(answer.error.message)
  }

  async function signOut(): Promise<void> {
    await call('auth.signOut', {})
    setSession(null)
  }

  useScope('lock', {
    keys: { signOut: () => void signOut() },
    // Whoever scans at a locked counter is not typing the PIN: their own badge asks for it, another
    // person's badge has signed this one out already (badge-handover.ts), anything else is set aside.
    localScan: (raw) =>
      setNotice(
        readStaffBadge(raw.trim()) === session?.user.id
          ? 'Your badge: type your PIN to carry on.'
          : 'That scan was not used: the counter is locked. Type the PIN to carry on, scan your badge, or F5 to switch user.'
      )
  })

  return (
    <main className="centre-panel">
      <h1>Locked</h1>
      <p>
        {session?.user.displayName} is signed in. Enter the PIN to carry on, or sign out so the next person can sign in
        (F5).
      </p>
      <form onSubmit={(event) => void unlock(event)}>
        <input
          autoFocus
          type="password"
          aria-label="PIN or password"
          value={secret}
          onChange={(e) => {
            setSecret(e.target.value)
            setNotice(null)
          }}
        />
        <ErrorLine>{error}</ErrorLine>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <button type="submit">Unlock ⏎</button>
        <button type="button" onClick={() => void signOut()}>
          Switch user (F5)
        </button>
      </form>
    </main>
  )
}
