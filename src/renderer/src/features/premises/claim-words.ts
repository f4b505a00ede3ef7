import type { ClaimView } from '@shared/contract'
import { STAGE_LABELS } from '@shared/workflow/stages'

/** "Dispensing at Bench 2 by Alex Jones, 3 min": who holds a request, as every other bench reads it. */
export function claimWords(claim: ClaimView, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(claim.since)) / 60_000))
  return `${STAGE_LABELS[claim.stage]} at ${claim.benchName} by ${claim.userName}, ${minutes} min`
}
