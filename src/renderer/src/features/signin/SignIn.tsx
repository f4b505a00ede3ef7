import { useEffect, useRef, useState, type FormEvent } from 'react'
import { ListBox, ListBoxItem } from 'react-aria-components'
import { ROLE_LABELS } from '../../../../shared/roles'
import { readStaffBadge } from '../../../../shared/scan/own-labels'
import { call } from '../../api/client'
import { usePendingBadge } from '../../session/badge-handover'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'

/** Said when something other than a staff badge is scanned here: a scan is never typed into the PIN. */
const SCAN_AT_SIGN_IN = 'That scan was not used: only a staff badge is scanned to sign in. Then type your PIN.'
const BADGE_READ = 'Badge read: type your PIN.'

/** Pick your name (arrows, also from the PIN field), type your PIN, Enter. */
export function SignIn(): React.JSX.Element {
  const info = useSession((state) => state.info)
  const setSession = useSession((state) => state.setSession)
  const names = info?.signInNames ?? []
  // A badge scanned where someone else was working opens this screen with its person chosen.
  const [handedOver] = useState(() => usePendingBadge.getState().take())
  const [username, setUsername] = useState(handedOver ?? names[0]?.username ?? '')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(handedOver ? BADGE_READ : null)
  const secretField = useRef<HTMLInputElement>(null)

  useEffect(() => secretField.current?.focus(), [username])

  function move(delta: number): void {
    const index = names.findIndex((person) => person.username === username)
    const next = names[(index + delta + names.length) % names.length]
    if (next) setUsername(next.username)
  }

  useScope('signIn', {
    keys: { 'person.next': () => move(1), 'person.previous': () => move(-1) },
    // A staff badge names who signs in (main reads it in place of the username); the PIN is still
    // asked. Anything else scanned is set aside with a word.
    localScan: (raw) => {
      if (readStaffBadge(raw.trim()) !== null) {
        setUsername(raw.trim())
        setNotice(BADGE_READ)
        secretField.current?.focus()
      } else setNotice(SCAN_AT_SIGN_IN)
    }
  })

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('auth.signIn', { username, secret })
    setSecret('')
    if (answer.ok) setSession(answer.value)
    else setError(answer.error.message)
  }

  return (
    <main className="centre-panel" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <form onSubmit={(event) => void submit(event)}>
        <ListBox
          className="people"
          aria-label="Who are you?"
          selectionMode="single"
          disallowEmptySelection
          selectedKeys={[username]}
          onSelectionChange={(keys) => {
            const [picked] = keys === 'all' ? [] : [...keys]
            if (typeof picked === 'string') setUsername(picked)
          }}
          items={names.map((person) => ({ id: person.username, name: person.displayName }))}
        >
          {(person) => <ListBoxItem className="person">{person.name}</ListBoxItem>}
        </ListBox>
        <label>
          PIN or password
          <input
            ref={secretField}
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => {
              setSecret(e.target.value)
              setNotice(null)
            }}
            aria-label="PIN or password"
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {notice && (
          <p role="status" className="notice">
            {notice}
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
                  <td>{account.roles.map((role) => ROLE_LABELS[role]).join(', ')}</td>
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
