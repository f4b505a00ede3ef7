import { asc, eq, sql } from 'drizzle-orm'
import type { Snapshot } from '../../shared/phensys/snapshot'
import { type CatalogueSchedule, hasScheduled } from '../../shared/workflow/cd-schedule'
import type { HardCopyReceipt } from '../../shared/workflow/hard-copy'
import type { HardCopyView } from '../../shared/contract'
import { type CounterDb, placeholders, hardCopies } from '../db'
import { asRead } from './snapshot-changes'
import { hardCopyMismatches } from './hard-copy-check'

/**
 * A receipt's checks as stored, with what each was read against: the patient, prescriber and date
 * of the request then, and each line's product.
 */
type StoredChecks = Omit<HardCopyReceipt, 'id' | 'lines'> & {
  against?: { patient: string; prescriber: string; issuedAt: string }
  lines: Array<HardCopyReceipt['lines'][number] & { dmdCode?: string }>
}

function patientOf(snapshot: Snapshot): string {
  return `${snapshot.patient.id} ${snapshot.patient.dateOfBirth}`
}

/** Original prescriptions received at the counter, and whether each matched its request. */
export class HardCopiesRepo {
  private readonly insert
  private readonly checksOf
  private readonly forRequestStmt

  constructor(
    db: CounterDb,
    private readonly catalogue: CatalogueSchedule
  ) {
    const h = hardCopies
    const ofRequest = eq(h.requestId, sql.placeholder('requestId'))
    this.insert = db
      .insert(h)
      .values(
        placeholders([
          'requestId',
          'receivedAt',
          'receivedById',
          'receivedByName',
          'formType',
          'serial',
          'checks',
          'mismatches',
          'matches'
        ])
      )
      .prepare()
    this.checksOf = db.select({ checks: h.checks }).from(h).where(ofRequest).prepare()
    this.forRequestStmt = db
      .select({
        id: h.id,
        receivedAt: h.receivedAt,
        receivedBy: h.receivedByName,
        formType: h.formType,
        serial: h.serial,
        matches: h.matches,
        mismatches: h.mismatches,
        checks: h.checks
      })
      .from(h)
      .where(ofRequest)
      .orderBy(asc(h.id))
      .prepare()
  }

  /** What does not match between the original as read at the counter and the request now; empty when it all does. */
  mismatches(snapshot: Snapshot, receipt: HardCopyReceipt): string[] {
    return hardCopyMismatches(snapshot, receipt, this.catalogue)
  }

  /** Records the receipt with the product each line was read against, and what did not match then. */
  record(
    snapshot: Snapshot,
    receipt: HardCopyReceipt,
    mismatches: string[],
    by: { id: string; name: string },
    at: Date
  ): void {
    const { id, ...read } = receipt
    const checks: StoredChecks = {
      ...read,
      against: {
        patient: patientOf(snapshot),
        prescriber: snapshot.prescription.prescriber.name,
        issuedAt: snapshot.prescription.issuedAt
      },
      lines: read.lines.map((line) => ({
        ...line,
        dmdCode: snapshot.prescription.items.find((item) => item.lineId === line.lineId)?.product.dmdCode
      }))
    }
    this.insert.run({
      requestId: id,
      receivedAt: at.toISOString(),
      receivedById: by.id,
      receivedByName: by.name,
      formType: receipt.formType,
      serial: receipt.serial,
      checks: JSON.stringify(checks),
      mismatches: JSON.stringify(mismatches),
      matches: mismatches.length === 0
    })
  }

  /**
   * An original matching the request as it is now is in hand. One checked against an earlier
   * version (Phensys changed a quantity, a product or the patient since) does not count: the paper
   * says what was prescribed then, and what a person read it against is not what is prescribed now.
   */
  inHand(snapshot: Snapshot): boolean {
    return this.originalsInHand(snapshot).length > 0
  }

  /**
   * The prescriber's CD identification number read from the latest original in hand, for the CD
   * register; null when none was recorded (the register leaves it empty rather than invent one).
   */
  prescriberCdNumber(snapshot: Snapshot): string | null {
    return this.originalsInHand(snapshot).at(-1)?.prescriberCdNumber ?? null
  }

  /** The originals received for the request that match it as it is now, oldest first. */
  private originalsInHand(snapshot: Snapshot): StoredChecks[] {
    return this.checksOf
      .all({ requestId: snapshot.id })
      .map((row) => JSON.parse(row.checks) as StoredChecks)
      .filter(({ against, ...stored }) => {
        // Receipts stored before what they were read against was kept: read against the request then.
        const still = <T>(then: T | undefined, now: T) => then === undefined || then === now
        const lines = stored.lines.map(({ dmdCode, ...line }) => {
          const item = snapshot.prescription.items.find((candidate) => candidate.lineId === line.lineId)
          return { ...line, matches: line.matches && still(dmdCode, item?.product.dmdCode) }
        })
        const receipt: HardCopyReceipt = {
          ...stored,
          id: snapshot.id,
          patientMatches: stored.patientMatches && still(against?.patient, patientOf(snapshot)),
          // The name as a person reads it off the paper: re-sent in another case, the same prescriber.
          prescriberMatches:
            stored.prescriberMatches &&
            still(against?.prescriber && asRead(against.prescriber), asRead(snapshot.prescription.prescriber.name)),
          dateMatches: stored.dateMatches && still(against?.issuedAt, snapshot.prescription.issuedAt),
          lines
        }
        return this.mismatches(snapshot, receipt).length === 0
      })
  }

  /** Each original received, with the CD number read from it; for a Schedule 2/3 request, whether none was. */
  forRequest(snapshot: Snapshot): HardCopyView[] {
    const controlledDrug = hasScheduled(snapshot, this.catalogue, [2, 3])
    return this.forRequestStmt.all({ requestId: snapshot.id }).map(({ checks, ...row }) => {
      const prescriberCdNumber = (JSON.parse(checks) as StoredChecks).prescriberCdNumber ?? null
      return {
        ...row,
        mismatches: JSON.parse(row.mismatches) as string[],
        prescriberCdNumber,
        cdNumberNotRecorded: controlledDrug && prescriberCdNumber === null
      }
    })
  }
}
