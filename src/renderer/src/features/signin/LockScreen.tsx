import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'

export function LockScreen(): React.JSX.Element {
  const session = useSession((state) => state.session)
  const setSession = useSession((state) => state.setSession)
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)

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

  return (
    <main className="centre-panel">
      <h1>Locked</h1>
      <p>{session?.user.displayName} is signed in. Enter the PIN to carry on, or sign out (F10).</p>
      <form
        onSubmit={(event) => void unlock(event)}
        onKeyDown={(event) => {
          if (event.key === 'F10') void signOut()
        }}
      >
        <input
          autoFocus
          type="password"
          aria-label="PIN or password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Unlock ⏎</button>
        <button type="button" onClick={() => void signOut()}>
          Sign out (F10)
        </button>
      </form>
    </main>
  )
}
