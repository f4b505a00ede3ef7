import type { z } from 'zod'
import type { Role } from '../roles'

/**
 * Who may make a call:
 * - `public`: anyone, signed in or not (sign-in itself, first-run set-up);
 * - `locked`: a signed-in user, even while the session is locked for idleness (unlock, sign out);
 * - a list of roles: a signed-in, unlocked user holding at least one of them;
 * - `anyUser`: any signed-in, unlocked user.
 */
export type Access = 'public' | 'locked' | 'anyUser' | readonly Role[]

export interface CallDefinition<Input extends z.ZodType, Result> {
  input: Input
  access: Access
  /** A mutating call runs in one transaction with its audit entry; a query only reads. */
  mutates: boolean
  /** Phantom: carries the result type. Never set at runtime. */
  readonly result?: Result
}

/** `call<Result>()({ input, access, mutates })`: the result type is written once, here. */
export function call<Result>() {
  return <Input extends z.ZodType>(definition: Omit<CallDefinition<Input, Result>, 'result'>) =>
    definition as CallDefinition<Input, Result>
}
