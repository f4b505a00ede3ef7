import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { ErrorLine } from '../../ui/FormParts'

/** A PIN from before the rules (or a training one on a live workstation) is replaced before any work. */
export function ChangeSecret(): React.JSX.Element {
  const session = useSession((state) => state.session)
  const setSession = useSession((state) => state.setSession)
  const [form, setForm] = useState({ current: '', next: '', again: '' })
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (form.next !== form.again) return setError('The two new PINs are not the same.')
    const answer = await call('auth.changeSecret', { current: form.current, next: form.next })
    setForm({ current: '', next: '', again: '' })
    if (answer.ok) setSession(answer.value)
    else setError(answer.error.message)
  }

  return (
    <main className="centre-panel" aria-labelledby="change-secret-title">
      <h1 id="change-secret-title">Choose a new PIN</h1>
      <p>
        {session?.user.displayName}, your PIN no longer meets this counter&apos;s rules: at least 6 digits and not an
        easy one (no runs, repeats or common PINs), or a password of 10 characters or more.
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Current PIN
          <input
            autoFocus
            type="password"
            autoComplete="off"
            value={form.current}
            onChange={(e) => setForm({ ...form, current: e.target.value })}
          />
        </label>
        <label>
          New PIN or password
          <input
            type="password"
            autoComplete="off"
            value={form.next}
            onChange={(e) => setForm({ ...form, next: e.target.value })}
          />
        </label>
        <label>
          New PIN or password again
          <input
            type="password"
            autoComplete="off"
            value={form.again}
            onChange={(e) => setForm({ ...form, again: e.target.value })}
          />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <button type="submit">Save the new PIN ⏎</button>
      </form>
    </main>
  )
}
