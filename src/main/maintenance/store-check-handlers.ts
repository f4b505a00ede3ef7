import { type Handlers, requireActor } from '../contract'
import type { StoreChecks } from './store-checks'

export function storeCheckHandlers(deps: { checks: StoreChecks }): Pick<Handlers, 'store.checkStatus' | 'store.check'> {
  return {
    'store.checkStatus': () => deps.checks.status(),
    // Answers when the check ends; the counter keeps working meanwhile (the check has its own thread).
    'store.check': (ctx) => deps.checks.run('administrator', requireActor(ctx).displayName)
  }
}
