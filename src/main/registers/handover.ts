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
        /** A healthcare professional's address (Misuse of Drugs Regulations 2001, Sch. 6). */
        address?: string
        idAsked: boolean
        idSeen: boolean
      }
    }

export interface SupplyRecorder {
  /**
   * Writes the register entries for one supply (POM register for every line; CD register for
   * Schedule 2 lines), in the dispatch or collect transaction. A request handed over again after
   * its parcel came back is its next supply, with entries of its own; a second call while the last
   * supply is still out must not add entries.
   */
  recordSupply(requestId: string, handover: Handover, actor: { id: string; name: string }, now: Date): void
  /**
   * The request's last supply came back to the pharmacy (returned to sender), in the transaction
   * that records it: each of its entries gets a dated note saying so, and the CD balance takes the
   * packs back, so the registers do not read as a delivery to the patient; with `cdBack` false the
   * balance is left as a pharmacist corrected it (after a partial return).
   */
  recordReturn(
    requestId: string,
    returned: { at: string; note: string },
    actor: { id: string; name: string },
    now: Date,
    cdBack?: boolean
  ): void
  /**
   * Parcels of one dispatch (`dispatchedAt`) came back, and packing said which packs were in them:
   * the entries of those packs in that dispatch's supply get a dated note, and the CD balance takes
   * them back; the packs of the other parcels stay supplied.
   */
  recordParcelsBack(
    requestId: string,
    back: { dispatchedAt: string; parcelIds: number[]; parcelNos: number[]; of: number },
    returned: { at: string; note: string },
    actor: { id: string; name: string },
    now: Date
  ): void
}
