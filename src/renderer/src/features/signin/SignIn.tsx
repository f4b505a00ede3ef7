import { useEffect, useRef, useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'

/** Pick your name (arrows), type your PIN, Enter. */
export function SignIn(): React.JSX.Element {
  const info = useSession((state) => state.info)
  const setSession = useSession((state) => state.setSession)
  const names = info?.signInNames ?? []
  const [username, setUsername] = useState(names[0]?.username ?? '')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const secretField = useRef<HTMLInputElement>(null)

  useEffect(() => secretField.current?.focus(), [username])

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('auth.signIn', { username, secret })
    setSecret('')
    if (answer.ok) setSession(answer.value)
    else setError(answer.error.message)
  }

  function move(delta: number): void {
    const index = names.findIndex((person) => person.username === username)
    const next = names[(index + delta + names.length) % names.length]
    if (next) setUsername(next.username)
  }

  return (
    <main className="centre-panel" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <form
        onSubmit={(event) => void submit(event)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault()
            move(1)
          }
          if (event.key === 'ArrowUp') {
            event.preventDefault()
            move(-1)
          }
        }}
      >
        <ul className="people" role="listbox" aria-label="Who are you?">
          {names.map((person) => (
            <li
              key={person.username}
              role="option"
              aria-selected={person.username === username}
              className={person.username === username ? 'selected' : ''}
              onClick={() => setUsername(person.username)}
            >
              {person.displayName}
            </li>
          ))}
        </ul>
        <label>
          PIN or password
          <input
            ref={secretField}
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            aria-label="PIN or password"
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Sign in ⏎</button>
      </form>
      {info?.training && info.trainingAccounts.length > 0 && (
        <section className="training-accounts" aria-label="Training accounts">
          <h2>Training accounts</h2>
          <table>
            <tbody>
              {info.trainingAccounts.map((account) => (
                <tr key={account.username}>
                  <td>{account.displayName}</td>
                  <td>{account.roles.join(', ')}</td>
                  <td>PIN {account.pin}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  )
}
