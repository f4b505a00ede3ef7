import { useScope } from '../../keymap/keymap'
import { useState, type FormEvent } from 'react'
import type { AuditVerification, UserView } from '@shared/contract'
import { ROLES, ROLE_LABELS, type Role } from '@shared/roles'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { DispensingRules } from './DispensingRules'
import { download } from '../registers/download'
import { londonDate } from '@shared/time/london'
import { PremisesAdmin } from '../premises/PremisesAdmin'
import { StoreCheckPanel } from './StoreCheckPanel'

const EMPTY = { username: '', displayName: '', gphcNumber: '', secret: '', roles: [] as Role[] }

/** Administrator: the people who work at this counter, and the audit trail's integrity. Escape goes back. */
export function UsersAdmin(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const listed = useCallQuery('users.list', {})
  const users = listed.data ?? []
  const [form, setForm] = useState(EMPTY)
  const [said, setMessage] = useState<string | null>(null)
  const message = said ?? listed.error?.message ?? null
  const [verification, setVerification] = useState<AuditVerification | null>(null)
  const [badge, setBadge] = useState<{ name: string; svg: string } | null>(null)

  const load = () => refreshCall('users.list')
  useScope('users', { keys: { back: () => open({ name: 'worklist' }) } })

  async function create(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('users.create', { ...form, gphcNumber: form.gphcNumber.trim() || null })
    if (!answer.ok) return setMessage(answer.error.message)
    setMessage(`${answer.value.displayName} can now sign in.`)
    setForm(EMPTY)
    await load()
  }
  async function toggleActive(user: UserView): Promise<void> {
    const answer = await call('users.update', { id: user.id, active: !user.active })
    setMessage(
      answer.ok ? `${user.displayName} is now ${answer.value.active ? 'active' : 'inactive'}.` : answer.error.message
    )
    await load()
  }
  async function showBadge(user: UserView): Promise<void> {
    const answer = await call('users.badge', { id: user.id })
    if (answer.ok) setBadge({ name: user.displayName, svg: answer.value.svg })
    else setMessage(answer.error.message)
  }
  async function endOfDay(): Promise<void> {
    const answer = await call('audit.dayReport', { date: londonDate(new Date()), format: 'pdf' })
    if (answer.ok) download(answer.value)
    else setMessage(answer.error.message)
  }
  async function verify(): Promise<void> {
    const answer = await call('audit.verify', {})
    if (answer.ok) setVerification(answer.value)
    else setMessage(answer.error.message)
  }

  return (
    <main className="detail" aria-label="Users">
      <header className="detail-header">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        <h1>Users</h1>
      </header>
      {message && <p role="status">{message}</p>}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Username</th>
            <th>Roles</th>
            <th>GPhC</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.displayName}</td>
              <td className="mono">{user.username}</td>
              <td>{user.roles.map((role) => ROLE_LABELS[role]).join(', ')}</td>
              <td>{user.gphcNumber ?? '—'}</td>
              <td>{user.active ? 'Active' : 'Inactive'}</td>
              <td>
                <button onClick={() => void toggleActive(user)}>{user.active ? 'Deactivate' : 'Reactivate'}</button>
                <button onClick={() => void showBadge(user)}>Badge</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {badge && (
        <section className="badge-print" aria-label={`Sign-in badge of ${badge.name}`}>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(badge.svg)}`}
            alt={`Sign-in badge of ${badge.name}`}
          />
          <p className="no-print">
            Scanned at sign-in in place of the username; the PIN is still asked.{' '}
            <button onClick={() => window.print()}>Print</button> <button onClick={() => setBadge(null)}>Close</button>
          </p>
        </section>
      )}
      <form className="inline-form" onSubmit={(event) => void create(event)} aria-label="Add a user">
        <h2>Add a user</h2>
        <label>
          Full name
          <input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        </label>
        <label>
          Username
          <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </label>
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((role) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                checked={form.roles.includes(role)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    roles: e.target.checked ? [...form.roles, role] : form.roles.filter((r) => r !== role)
                  })
                }
              />
              {ROLE_LABELS[role]}
            </label>
          ))}
        </fieldset>
        <label>
          GPhC number (pharmacists)
          <input value={form.gphcNumber} onChange={(e) => setForm({ ...form, gphcNumber: e.target.value })} />
        </label>
        <label>
          First PIN or password
          <input type="password" value={form.secret} onChange={(e) => setForm({ ...form, secret: e.target.value })} />
        </label>
        <button type="submit">Add user ⏎</button>
      </form>
      <PremisesAdmin />
      <DispensingRules />
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">Audit trail</h2>
        <button onClick={() => void verify()}>Verify the audit trail</button>{' '}
        <button onClick={() => void endOfDay()}>End-of-day report (today)</button>
        {verification && (
          <div role="status" className={verification.intact ? '' : 'error'}>
            {verification.intact ? (
              <p>
                Intact: {verification.entries} entries and {verification.sealedRows} register rows, every link and seal
                holds; the last entry ({verification.head?.seq ?? 0}) is the one recorded beside the key.
              </p>
            ) : (
              <>
                <p>Not intact ({verification.entries} entries read). Report this to the superintendent pharmacist:</p>
                <ul>
                  {verification.failures.map((failure) => (
                    <li key={failure.kind}>{failure.message}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>
      <StoreCheckPanel />
    </main>
  )
}
