import { useScope } from '../../keymap/keymap'
import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { StoreSpace } from './StoreSpace'

/** Administrator: point the workstation at a real Phensys, or back to training. */
export function PhensysSettings(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const read = useCallQuery('settings.phensys', {})
  const current = read.data ?? null
  // What the person typed; until they type, the address in use.
  const [typed, setUrl] = useState<string | null>(null)
  const url = typed ?? current?.url ?? ''
  const [token, setToken] = useState('')
  const [said, setMessage] = useState<string | null>(null)
  const message = said ?? read.error?.message ?? null
  const [saved, setSaved] = useState(false)
  useScope('settings', { keys: { back: () => open({ name: 'worklist' }) } })

  async function check(): Promise<boolean> {
    const answer = await call('settings.checkPhensys', { url, token })
    if (!answer.ok) {
      setMessage(answer.error.message)
      return false
    }
    setMessage(answer.value.message)
    return answer.value.ok
  }
  async function save(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (!(await check())) return
    const answer = await call('settings.setPhensys', { url, token })
    setToken('')
    if (!answer.ok) return setMessage(answer.error.message)
    setSaved(true)
    setMessage(
      answer.value.protection === 'os-keychain'
        ? 'Saved; the token is sealed by the operating system.'
        : 'Saved; the token is sealed with a key kept apart from the data, readable by this account only.'
    )
  }
  async function useTraining(): Promise<void> {
    const answer = await call('settings.setPhensys', { training: true })
    if (!answer.ok) return setMessage(answer.error.message)
    setSaved(true)
    setMessage('Training mode will be used.')
  }

  return (
    <main className="centre-panel" aria-label="Phensys connection">
      <h1>Phensys connection</h1>
      <p>Now: {current?.mode === 'live' ? `live, ${current.url}` : 'training (built-in sandbox)'}</p>
      <form onSubmit={(event) => void save(event)}>
        <label>
          Phensys address
          <input
            autoFocus
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://phensys.example/"
          />
        </label>
        <label>
          Provider token
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </label>
        <button type="button" onClick={() => void check()}>
          Check connection
        </button>
        <button type="submit">Check and save ⏎</button>
        <button type="button" onClick={() => void useTraining()}>
          Use training mode
        </button>
      </form>
      {message && <p role="status">{message}</p>}
      {saved &&
        (current?.canRestart ? (
          <button onClick={() => void call('app.restart', {})}>Restart now to apply</button>
        ) : (
          <p>Stop and start Pharmetra Counter to apply the change.</p>
        ))}
      <StoreSpace />
    </main>
  )
}
