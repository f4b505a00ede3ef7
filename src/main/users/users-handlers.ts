import type { Handlers } from '../contract'
import { CounterError } from '../errors'
import { hashSecret, type ScryptCost } from './secrets'
import { toUserView, type UsersRepo } from './users-repo'
import { staffBadge } from './staff-badge'

type UserCalls = 'users.list' | 'users.create' | 'users.update' | 'users.resetSecret' | 'users.badge'

export function usersHandlers(deps: { users: UsersRepo; scryptCost: ScryptCost }): Pick<Handlers, UserCalls> {
  const { users } = deps
  return {
    'users.list': () => users.all().map(toUserView),

    'users.create': (ctx, input) => {
      if (users.byUsername(input.username))
        throw new CounterError('conflict', `The username ${input.username} is taken.`)
      const user = users.insert({
        username: input.username,
        displayName: input.displayName,
        roles: input.roles,
        gphcNumber: input.gphcNumber,
        secretHash: hashSecret(input.secret, deps.scryptCost),
        createdAt: ctx.now.toISOString()
      })
      ctx.audit({ entityType: 'user', entityId: user.id, summary: { after: toUserView(user) } })
      return toUserView(user)
    },

    'users.update': (ctx, input) => {
      const before = users.byId(input.id)
      if (!before) throw new CounterError('not_found', `No user ${input.id}.`)
      const { id, ...changes } = input
      const roles = changes.roles ?? before.roles
      const gphcNumber = changes.gphcNumber === undefined ? before.gphcNumber : changes.gphcNumber
      if (roles.includes('pharmacist') && !gphcNumber) {
        throw new CounterError('invalid_input', 'A pharmacist needs a GPhC registration number.')
      }
      if (
        id === ctx.actor?.id &&
        (changes.active === false || (changes.roles && !changes.roles.includes('administrator')))
      ) {
        throw new CounterError(
          'precondition_failed',
          'You cannot deactivate yourself or remove your own administrator role.'
        )
      }
      const after = users.update(
        id,
        Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined))
      )
      ctx.audit({ entityType: 'user', entityId: id, summary: { before: toUserView(before), after: toUserView(after) } })
      return toUserView(after)
    },

    'users.badge': (_ctx, input) => {
      const user = users.byId(input.id)
      if (!user) throw new CounterError('not_found', `No user ${input.id}.`)
      return staffBadge(user)
    },

    'users.resetSecret': (ctx, input) => {
      if (!users.byId(input.id)) throw new CounterError('not_found', `No user ${input.id}.`)
      users.update(input.id, {
        secretHash: hashSecret(input.secret, deps.scryptCost),
        failedAttempts: 0,
        retryAfter: null
      })
      ctx.audit({ entityType: 'user', entityId: input.id, summary: { secretReset: true } })
      return null
    }
  }
}
