import { eq, sql } from 'drizzle-orm'
import type { ClaimView } from '../../shared/contract'
import { formatTime } from '../../shared/time/london'
import type { Actor, Bench } from '../contract'
import { type CounterDb, placeholders, requestClaims } from '../db'
import { STAGE_LABELS, type Stage } from '../../shared/workflow/stages'

/** Who holds a request, in the words another bench reads: "Dispensing at Bench 2 by Alex Jones since 09:05 (3 min)". */
export function claimInWords(claim: ClaimView, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(claim.since)) / 60_000))
  return `${STAGE_LABELS[claim.stage]} at ${claim.benchName} by ${claim.userName} since ${formatTime(claim.since)} (${minutes} min)`
}

/**
 * Whether a claim keeps this bench out: only a claim taken at another bench does. At the claim's
 * own bench anyone with the role carries on (a colleague taking over the counter by badge, and a
 * one-bench pharmacy works exactly as it did before there were benches); the claim then passes to
 * them, so the other benches read who is working it now.
 */
export function claimedElsewhere(claim: ClaimView, bench: Bench): boolean {
  return claim.benchId !== bench.id
}

/** The claims table, written only by the workflow (and a person releasing or taking over, through it). */
export class RequestClaims {
  // A step of the workflow writes these: prepared once.
  private readonly insert
  private readonly remove

  constructor(db: CounterDb) {
    this.insert = db
      .insert(requestClaims)
      .values(placeholders(['requestId', 'userId', 'userName', 'workstationId', 'benchName', 'stage', 'since']))
      .prepare()
    this.remove = db
      .delete(requestClaims)
      .where(eq(requestClaims.requestId, sql.placeholder('requestId')))
      .prepare()
  }

  take(requestId: string, actor: Actor, bench: Bench, stage: Stage, now: Date): void {
    this.release(requestId)
    this.insert.run({
      requestId,
      userId: actor.id,
      userName: actor.displayName,
      workstationId: bench.id,
      benchName: bench.name,
      stage,
      since: now.toISOString()
    })
  }

  /** The claim follows whoever carries the work on at its bench (nothing changes when it is already theirs). */
  passTo(claim: ClaimView, requestId: string, actor: Actor, bench: Bench, now: Date): void {
    if (claim.userId !== actor.id) this.take(requestId, actor, bench, claim.stage, now)
  }

  release(requestId: string): void {
    this.remove.run({ requestId })
  }
}
