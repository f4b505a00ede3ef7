import type { SessionInfo } from '../../shared/contract'
import { toUserView, type UserRow } from '../users'
import type { CounterSession } from '../contract'

/** What a window is told about its session. */
export function sessionInfo(session: CounterSession, user: UserRow): SessionInfo {
  return {
    user: toUserView(user),
    locked: session.locked,
    signedInAt: session.signedInAt ?? '',
    mustChangeSecret: session.mustChangeSecret,
    benchId: session.bench.id
  }
}
