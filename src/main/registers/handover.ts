/**
 * How a request's medicines left the pharmacy: the dispatch and collect calls hand this to the
 * registers, inside their own transaction, so that a supply is recorded exactly when it happens.
 */
export type Handover =
  | {
      method: 'carrier'
      /** ISO time the parcels were handed to the carrier. */
      at: string
      carrier: string
      service: string
      trackingNumbers: string[]
    }
  | {
      method: 'collect'
      at: string
      collectedBy: {
        name: string
        relation: 'patient' | 'representative' | 'healthcare_professional'
        idAsked: boolean
        idSeen: boolean
      }
    }

export interface SupplyRecorder {
  /**
   * Writes the register entries for one supply (POM register for every line; CD register for
   * Schedule 2 lines). Called once per request, in the dispatch or collect transaction; a second
   * call for the same request must not add entries.
   */
  recordSupply(requestId: string, handover: Handover, actor: { id: string; name: string }, now: Date): void
}
