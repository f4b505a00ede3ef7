import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'
import { ErrorLine } from '../../ui/FormParts'

export function FirstRun(): React.JSX.Element {
  const load = useSession((state) => state.load)
  const setSession = useSession((state) => state.setSession)
  const [form, setForm] = useState({ username: '', displayName: '', secret: '' })
  const [error, setError] = useState<string | null>(null)
  useScope('signIn', {
    localScan: () => setError('That scan was not used: type the first administrator’s details.')
  })

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('auth.createFirstAdmin', form)
    if (!answer.ok) return setError(answer.error.message)
    setSession(answer.value)
    await load()
  }

  return (
    <main className="centre-panel">
      <h1>Set up this workstation</h1>
      <p>Create the first administrator. They add the pharmacists, dispensers and checkers.</p>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Username
          <input autoFocus value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </label>
        <label>
          Full name
          <input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        </label>
        <label>
          PIN (6 or more digits, not an easy one) or password (10 or more characters)
          <input type="password" value={form.secret} onChange={(e) => setForm({ ...form, secret: e.target.value })} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <button type="submit">Create administrator ⏎</button>
      </form>
    </main>
  )
}
