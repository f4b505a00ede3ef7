import type { SessionInfo } from '../../shared/contract'
import type { Clock } from '../../shared/clock'
import { CounterError } from '../errors'
import { formatTime } from '../../shared/time/london'
import type { Handlers, HandlerContext } from '../contract/handler'
import { toUserView, type UsersRepo, type UserRow } from '../users/users-repo'
import type { CounterSession } from '../contract/sessions'
import { hashSecret, verifySecret, type ScryptCost } from '../users/secrets'

export interface SecurityPolicy {
  /** Lock the screen after this long without a person's action. */
  idleLockMs: number
  /** Lock the account after this many wrong PINs in a row... */
  maxFailedAttempts: number
  /** ...for this long (an administrator can reset the PIN sooner). */
  accountLockMs: number
  scryptCost: ScryptCost
}

export const DEFAULT_SECURITY: Omit<SecurityPolicy, 'scryptCost'> = {
  idleLockMs: 5 * 60_000,
  maxFailedAttempts: 5,
  accountLockMs: 15 * 60_000
}

function sessionInfo(session: CounterSession, user: UserRow): SessionInfo {
  return { user: toUserView(user), locked: session.locked, signedInAt: session.signedInAt ?? '' }
}

type AuthCalls =
  'auth.session' | 'auth.createFirstAdmin' | 'auth.signIn' | 'auth.unlock' | 'auth.touch' | 'auth.lock' | 'auth.signOut'

export function authHandlers(deps: {
  users: UsersRepo
  clock: Clock
  policy: SecurityPolicy
}): Pick<Handlers, AuthCalls> {
  const { users, policy } = deps

  /** Checks the secret; a wrong one counts towards the account lock and is kept even though the call fails. */
  function checkSecret(ctx: HandlerContext, user: UserRow, secret: string): void {
    const lockedUntil = user.lockedUntil ? new Date(user.lockedUntil) : null
    if (lockedUntil && lockedUntil > ctx.now) {
      throw new CounterError(
        'account_locked',
        `${user.displayName}'s account is locked after ${policy.maxFailedAttempts} wrong attempts until ${formatTime(lockedUntil)}. An administrator can reset the PIN.`
      )
    }
    if (verifySecret(secret, user.secretHash)) return
    const failedAttempts = user.failedAttempts + 1
    const locks = failedAttempts >= policy.maxFailedAttempts
    users.update(user.id, {
      failedAttempts: locks ? 0 : failedAttempts,
      lockedUntil: locks ? new Date(ctx.now.getTime() + policy.accountLockMs).toISOString() : null
    })
    ctx.audit({
      command: 'auth.failedAttempt',
      entityType: 'user',
      entityId: user.id,
      summary: { failedAttempts, accountLocked: locks }
    })
    if (locks) {
      throw new CounterError(
        'account_locked',
        `Too many wrong attempts: ${user.displayName}'s account is locked for ${Math.round(policy.accountLockMs / 60_000)} minutes.`,
        { keepChanges: true }
      )
    }
    throw new CounterError(
      'bad_credentials',
      `Wrong PIN or password (${policy.maxFailedAttempts - failedAttempts} tries left).`,
      { keepChanges: true }
    )
  }

  function startSession(ctx: HandlerContext, user: UserRow): SessionInfo {
    if (user.failedAttempts > 0 || user.lockedUntil) users.update(user.id, { failedAttempts: 0, lockedUntil: null })
    ctx.session.userId = user.id
    ctx.session.signedInAt = ctx.now.toISOString()
    ctx.session.locked = false
    ctx.session.lastActivityMs = ctx.now.getTime()
    const info = sessionInfo(ctx.session, user)
    ctx.toSession('session.changed', info)
    return info
  }

  return {
    'auth.session': (ctx) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      return user && user.active ? sessionInfo(ctx.session, user) : null
    },

    'auth.createFirstAdmin': (ctx, input) => {
      if (users.count() > 0)
        throw new CounterError('precondition_failed', 'The first administrator already exists; sign in instead.')
      const user = users.insert({
        username: input.username,
        displayName: input.displayName,
        roles: ['administrator'],
        gphcNumber: null,
        secretHash: hashSecret(input.secret, policy.scryptCost),
        createdAt: ctx.now.toISOString()
      })
      ctx.audit({ entityType: 'user', entityId: user.id, summary: { after: toUserView(user) } })
      return startSession(ctx, user)
    },

    'auth.signIn': (ctx, input) => {
      const user = users.byUsername(input.username)
      if (!user || !user.active) throw new CounterError('bad_credentials', 'Unknown user, or wrong PIN or password.')
      checkSecret(ctx, user, input.secret)
      ctx.audit({ entityType: 'user', entityId: user.id, summary: { workstationSession: ctx.session.id.slice(0, 8) } })
      return startSession(ctx, user)
    },

    'auth.unlock': (ctx, input) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      if (!user) throw new CounterError('not_signed_in', 'Sign in first.')
      checkSecret(ctx, user, input.secret)
      ctx.audit({ entityType: 'user', entityId: user.id })
      return startSession(ctx, user)
    },

    'auth.touch': (ctx) => {
      ctx.session.lastActivityMs = ctx.now.getTime()
      return null
    },

    'auth.lock': (ctx) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      if (!user) throw new CounterError('not_signed_in', 'Sign in first.')
      ctx.session.locked = true
      const info = sessionInfo(ctx.session, user)
      ctx.toSession('session.changed', info)
      return info
    },

    'auth.signOut': (ctx) => {
      ctx.audit({ entityType: 'user', entityId: ctx.session.userId })
      ctx.session.userId = null
      ctx.session.signedInAt = null
      ctx.session.locked = false
      ctx.toSession('session.changed', null)
      return null
    }
  }
}
