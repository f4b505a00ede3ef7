import { ROLE_LABELS, type Role } from '@shared/roles'
import { Dialog } from '../ui/Dialog'
import { BINDINGS, SCOPES, type ScopeId } from '../keymap/bindings'
import { innermostFirst } from '../keymap/resolve'
import { useOpenScopes, useScope } from '../keymap/keymap'

const KEY_NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Enter: 'Enter ⏎',
  Backspace: 'Backspace',
  PageDown: 'Page Down',
  ' ': 'Space',
  '1-9': '1–9'
}

function keyName(key: string): string {
  return KEY_NAMES[key] ?? (key.length === 1 ? key.toUpperCase() : key)
}

function whoMay(roles: readonly Role[] | undefined): string {
  return roles ? roles.map((role) => ROLE_LABELS[role]).join(', ') : 'Everyone'
}

/**
 * The keys, straight from the keymap's table: first those that work here and now (innermost
 * first), then every other screen's. Opened with ? or F1, closed with Escape.
 */
export function HelpOverlay({ onClose }: { onClose: () => void }): React.JSX.Element {
  useScope('help', { keys: { close: onClose } })
  const open = useOpenScopes((state) => state.open)
  const here: ScopeId[] = [...new Set(innermostFirst(open).map((entry) => entry.scope))].filter(
    (scope) => scope !== 'help'
  )
  const elsewhere = (Object.keys(SCOPES) as ScopeId[]).filter((scope) => !here.includes(scope) && scope !== 'help')
  const section = (scope: ScopeId): React.JSX.Element => (
    <section key={scope} aria-label={SCOPES[scope].title}>
      <h3>{SCOPES[scope].title}</h3>
      <table className="keys">
        <tbody>
          {BINDINGS.filter((binding) => binding.scope === scope).map((binding) => (
            <tr key={binding.key}>
              <td>
                <kbd>{keyName(binding.key)}</kbd>
              </td>
              <td>{binding.label}</td>
              <td className="who">{whoMay(binding.who)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
  return (
    <Dialog label="Keys" onClose={onClose} wide>
      <h2>Keys</h2>
      <p>Escape leaves a field first, then goes back. A scan goes to what is open: a dialog first, then the screen.</p>
      <h2>Here</h2>
      {here.map(section)}
      <h2>Elsewhere</h2>
      {elsewhere.map(section)}
    </Dialog>
  )
}
