import { Suspense, lazy, useEffect, useRef, useState, type FormEvent } from 'react'
import { ROLE_LABELS } from '@shared/roles'
import { readStaffBadge } from '@shared/scan/own-labels'
import { call } from '../../api/client'
import { usePendingBadge } from '../../session/badge-handover'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'
import { ErrorLine } from '../../ui/FormParts'

const PeoplePicker = lazy(() => import('./PeoplePicker').then((m) => ({ default: m.PeoplePicker })))

/** Said when something other than a staff badge is scanned here: a scan is never typed into the PIN. */
const SCAN_AT_SIGN_IN = {
  picking:
    'That scan was not used: only a staff badge is scanned to sign in. Pick your name or scan your badge, then type your PIN.',
  typing: 'That scan was not used: only a staff badge is scanned to sign in. Then type your PIN.'
}
const BADGE_READ = 'Badge read: type your PIN.'

/**
 * Training: pick your name (arrows, also from the PIN field), type your PIN, Enter. A live
 * workstation lists nobody: type your username, or scan your staff badge, then the PIN.
 */
export function SignIn(): React.JSX.Element {
  const info = useSession((state) => state.info)
  const setSession = useSession((state) => state.setSession)
  const names = info?.signInNames ?? []
  const picking = names.length > 0
  // A badge scanned where someone else was working opens this screen with its person chosen.
  const [handedOver] = useState(() => usePendingBadge.getState().take())
  const [username, setUsername] = useState(handedOver ?? names[0]?.username ?? '')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(handedOver ? BADGE_READ : null)
  const nameField = useRef<HTMLInputElement>(null)
  const secretField = useRef<HTMLInputElement>(null)

  // Picking a name moves to the PIN; where names are typed, the username field comes first.
  useEffect(() => {
    if (picking) secretField.current?.focus()
  }, [picking, username])
  useEffect(() => {
    // Handed over by a badge, the PIN is all that is left to type.
    if (handedOver) secretField.current?.focus()
    else if (!picking) nameField.current?.focus()
  }, [picking, handedOver])

  function move(delta: number): void {
    const index = names.findIndex((person) => person.username === username)
    const next = names[(index + delta + names.length) % names.length]
    if (next) setUsername(next.username)
  }

  useScope('signIn', {
    keys: picking ? { 'person.next': () => move(1), 'person.previous': () => move(-1) } : {},
    // A staff badge names who signs in (main reads it in place of the username), in training as on
    // a live workstation; the PIN is still asked. Anything else scanned is set aside with a word.
    localScan: (raw) => {
      if (readStaffBadge(raw.trim()) !== null) {
        setUsername(raw.trim())
        setNotice(BADGE_READ)
        secretField.current?.focus()
      } else setNotice(picking ? SCAN_AT_SIGN_IN.picking : SCAN_AT_SIGN_IN.typing)
    }
  })

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    // Enter after the username alone moves on to the PIN rather than trying without one.
    if (!secret) {
      secretField.current?.focus()
      return
    }
    const answer = await call('auth.signIn', { username: username.trim(), secret })
    setSecret('')
    if (answer.ok) setSession(answer.value)
    else setError(answer.error.message)
  }

  return (
    <main className="centre-panel" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <form onSubmit={(event) => void submit(event)}>
        {picking ? (
          <Suspense fallback={<p className="people">Loading the names…</p>}>
            <PeoplePicker people={names} chosen={username} choose={setUsername} />
          </Suspense>
        ) : (
          <label>
            Username (or scan your badge)
            <input
              ref={nameField}
              autoComplete="username"
              value={username}
              onChange={(e) => {
                setUsername(e.target.value)
                setNotice(null)
              }}
              aria-label="Username"
            />
          </label>
        )}
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
        <ErrorLine>{error}</ErrorLine>
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
