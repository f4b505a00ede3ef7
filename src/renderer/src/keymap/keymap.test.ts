import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '@shared/roles'
import { BINDINGS, SCOPES, type Binding, type ScopeId } from './bindings'
import { resolveKey, routeToScopes, type KeyPress, type OpenScope } from './resolve'

const press = (key: string, inField = false): KeyPress => ({ key, ctrl: false, alt: false, meta: false, inField })
const everyone: readonly Role[] = ROLES

/** The scope and every scope it sits within, the app's outermost. */
function chain(scope: ScopeId): OpenScope[] {
  const scopes: ScopeId[] = []
  for (let at: ScopeId | undefined = scope; at; at = (SCOPES[at] as { within?: ScopeId }).within) scopes.unshift(at)
  return [{ scope: 'app', order: 0 }, ...scopes.map((id, n) => ({ scope: id, order: n + 1 }))]
}

/** Every scope answers every command of the table: what runs is then decided by the table alone. */
const answerAll = (): boolean => true

describe('the keymap table', () => {
  it('binds no key twice in one scope', () => {
    const seen = new Map<string, Binding>()
    for (const binding of BINDINGS) {
      const id = `${binding.scope} ${binding.key}`
      expect(seen.get(id), `${id} is bound to ${seen.get(id)?.command} and ${binding.command}`).toBeUndefined()
      seen.set(id, binding)
    }
  })

  it('gives an F-key one meaning in every scope', () => {
    const meaning = new Map<string, string>()
    for (const binding of BINDINGS.filter((entry) => /^F\d+$/.test(entry.key))) {
      const before = meaning.get(binding.key)
      if (before) expect(binding.command, `${binding.key} in ${binding.scope}`).toBe(before)
      meaning.set(binding.key, binding.command)
    }
    expect(meaning.get('F10')).toBe('open.registers')
    expect(meaning.get('F5')).toBe('signOut')
  })

  it('has keys for sign out (switch user) and lock, and for help', () => {
    const app = BINDINGS.filter((binding) => binding.scope === 'app').map((binding) => binding.command)
    expect(app).toEqual(expect.arrayContaining(['signOut', 'lock', 'help']))
  })

  it('reaches every declared key: with its scope open, the key runs that binding', () => {
    for (const binding of BINDINGS) {
      const key = binding.key === '1-9' ? '3' : binding.key
      const roles = binding.who ?? everyone
      const ran = resolveKey(chain(binding.scope), press(key), roles, answerAll)
      expect(ran, `${binding.scope} ${binding.key}`).toBe(binding)
      if (binding.inFields) expect(resolveKey(chain(binding.scope), press(key, true), roles, answerAll)).toBe(binding)
    }
  })

  it('runs nothing for a person whose role may not use the key', () => {
    expect(resolveKey(chain('worklist'), press('F8'), ['dispenser'], answerAll)).toBeNull()
    expect(resolveKey(chain('worklist'), press('F8'), ['pharmacist'], answerAll)?.command).toBe('open.devices')
    expect(resolveKey(chain('request'), press('c'), ['dispenser'], answerAll)).toBeNull()
  })

  it('leaves letters to a field, while F-keys still work there', () => {
    expect(resolveKey(chain('worklist'), press('/', true), everyone, answerAll)).toBeNull()
    expect(resolveKey(chain('request'), press('a', true), everyone, answerAll)).toBeNull()
    expect(resolveKey(chain('worklist'), press('F6', true), everyone, answerAll)?.command).toBe('open.stock')
  })

  it('ignores a key with Ctrl, Alt or Meta held', () => {
    expect(resolveKey(chain('request'), { ...press('a'), ctrl: true }, everyone, answerAll)).toBeNull()
  })

  it('tries the innermost scope first, and the next out when the inner one does not answer now', () => {
    const open = chain('stockPack')
    expect(resolveKey(open, press('Escape'), everyone, answerAll)?.scope).toBe('stock')
    const answering = (scopes: ScopeId[]) => (entry: OpenScope) => scopes.includes(entry.scope)
    expect(resolveKey(open, press('t'), everyone, answering(['stockPack']))?.scope).toBe('stockPack')
    expect(resolveKey(open, press('1'), everyone, answering(['stock']))?.command).toBe('tab')
    expect(resolveKey(open, press('t'), everyone, answering(['stock']))).toBeNull()
  })

  it('hides the screen behind an open dialog; the app’s keys still work', () => {
    const open = [...chain('request'), { scope: 'dialog' as const, order: 9 }]
    expect(resolveKey(open, press('a'), everyone, answerAll)).toBeNull()
    expect(resolveKey(open, press('Escape'), everyone, answerAll)?.scope).toBe('dialog')
    expect(resolveKey(open, press('F12'), everyone, answerAll)?.command).toBe('lock')
  })

  it('sends a scan to the innermost scope that takes it, never past an open dialog', () => {
    const offered: ScopeId[] = []
    const takes = (scopes: ScopeId[]) => (entry: OpenScope) => {
      offered.push(entry.scope)
      return scopes.includes(entry.scope)
    }
    expect(routeToScopes(chain('request'), takes(['app']))).toBe(true)
    expect(offered).toEqual(['request', 'app'])
    offered.length = 0
    expect(routeToScopes([...chain('request'), { scope: 'dialog', order: 5 }], takes(['request']))).toBe(false)
    expect(offered).toEqual(['dialog', 'app'])
  })
})
