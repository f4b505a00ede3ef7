import { eq } from 'drizzle-orm'
import type { ClaimView } from '../../shared/contract'
import { formatTime } from '../../shared/time/london'
import type { Actor, Bench } from '../contract'
import { type CounterDb, requestClaims } from '../db'
import { STAGE_LABELS, type Stage } from '../../shared/workflow/stages'

/** Who holds a request, in the words another bench reads: "Dispensing at Bench 2 by Alex Jones since 09:05 (3 min)". */
export function claimInWords(claim: ClaimView, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(claim.since)) / 60_000))
  return `${STAGE_LABELS[claim.stage]} at ${claim.benchName} by ${claim.userName} since ${formatTime(claim.since)} (${minutes} min)`
}

/** Whether this person at this bench holds the claim (a claim belongs to both: the person and the bench). */
export function holdsClaim(claim: ClaimView, actor: Actor, bench: Bench): boolean {
  return claim.userId === actor.id && claim.benchId === bench.id
}

/** The claims table, written only by the workflow (and a person releasing or taking over, through it). */
export class RequestClaims {
  constructor(private readonly db: CounterDb) {}

  take(requestId: string, actor: Actor, bench: Bench, stage: Stage, now: Date): void {
    this.release(requestId)
    this.db
      .insert(requestClaims)
      .values({
        requestId,
        userId: actor.id,
        userName: actor.displayName,
        workstationId: bench.id,
        benchName: bench.name,
        stage,
        since: now.toISOString()
      })
      .run()
  }

  release(requestId: string): void {
    this.db.delete(requestClaims).where(eq(requestClaims.requestId, requestId)).run()
  }
}
