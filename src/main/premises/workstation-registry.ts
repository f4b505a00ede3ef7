import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { BenchPrinterChoice, WorkstationView } from '../../shared/contract'
import { type CounterDb, pairingCodes, workstations } from '../db'
import { CounterError } from '../errors'
import type { Bench } from '../contract'

/** How long a pairing code shown to an administrator stays usable. */
const CODE_LIFETIME_MS = 10 * 60_000
/** Last contact is written at most this often per workstation: a bench calls many times a second. */
const CONTACT_WRITE_EVERY_MS = 30_000

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** What a workstation gets when its code is accepted: who it is, and its credential, once. */
export interface Pairing {
  workstationId: string
  credential: string
  /**
   * HMAC of the host certificate's fingerprint under the code: the workstation checks it against
   * the certificate it saw, so a machine in between, which does not know the code, is found out.
   */
  proof: string
}

/** The proof a host gives that it knows the code, for the certificate it presented. */
export function pairingProof(code: string, certificateFingerprint: string): string {
  return createHmac('sha256', code).update(certificateFingerprint).digest('hex')
}

/**
 * The benches that joined this host: one-time pairing codes, device credentials (kept as hashes),
 * last contact, and revocation. A revoked workstation stays listed, refused.
 */
export class WorkstationRegistry {
  private readonly lastWritten = new Map<string, number>()

  constructor(private readonly db: CounterDb) {}

  /** A new one-time code: eight digits, spoken or typed at the new bench, shown with its QR. */
  issueCode(adminId: string, now: Date): { code: string; expiresAt: string } {
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0')
    const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS).toISOString()
    this.db
      .insert(pairingCodes)
      .values({ codeHash: sha256(code), createdBy: adminId, createdAt: now.toISOString(), expiresAt })
      .run()
    return { code, expiresAt }
  }

  /** Takes a code once: refused when unknown, used already or expired, all in the same words. */
  pair(code: string, name: string, certificateFingerprint: string, now: Date): Pairing {
    const row = this.db
      .select()
      .from(pairingCodes)
      .where(eq(pairingCodes.codeHash, sha256(code)))
      .get()
    if (!row || row.usedAt !== null || Date.parse(row.expiresAt) <= now.getTime())
      throw new CounterError(
        'forbidden',
        'That pairing code is not valid: it is wrong, was used already, or has expired. Ask an administrator on the host for a new one.'
      )
    const workstationId = `ws_${randomBytes(6).toString('hex')}`
    const credential = randomBytes(32).toString('base64url')
    this.db
      .update(pairingCodes)
      .set({ usedAt: now.toISOString(), usedBy: workstationId })
      .where(eq(pairingCodes.codeHash, row.codeHash))
      .run()
    this.db
      .insert(workstations)
      .values({
        id: workstationId,
        name,
        credentialHash: sha256(credential),
        pairedAt: now.toISOString(),
        pairedBy: row.createdBy
      })
      .run()
    return { workstationId, credential, proof: pairingProof(code, certificateFingerprint) }
  }

  /** The bench a credential belongs to, or null (unknown, wrong or revoked); notes the contact. */
  verify(workstationId: string, credential: string, now: Date): Bench | null {
    const row = this.db.select().from(workstations).where(eq(workstations.id, workstationId)).get()
    if (!row || row.revokedAt !== null) return null
    const given = Buffer.from(sha256(credential))
    if (!timingSafeEqual(given, Buffer.from(row.credentialHash))) return null
    const last = this.lastWritten.get(row.id) ?? 0
    if (now.getTime() - last >= CONTACT_WRITE_EVERY_MS) {
      this.lastWritten.set(row.id, now.getTime())
      this.db.update(workstations).set({ lastContactAt: now.toISOString() }).where(eq(workstations.id, row.id)).run()
    }
    return { id: row.id, name: row.name }
  }

  /** Where a bench's labels print; the host's printer for a bench not (or no longer) joined. */
  defaultPrinterOf(workstationId: string): BenchPrinterChoice {
    const row = this.db
      .select({ defaultPrinter: workstations.defaultPrinter, revokedAt: workstations.revokedAt })
      .from(workstations)
      .where(eq(workstations.id, workstationId))
      .get()
    return row && row.revokedAt === null ? row.defaultPrinter : 'host'
  }

  setDefaultPrinter(workstationId: string, choice: BenchPrinterChoice): void {
    this.db.update(workstations).set({ defaultPrinter: choice }).where(eq(workstations.id, workstationId)).run()
  }

  /** `attachedPrinter`: the printer a bench offers now, if any (the print queue knows). */
  list(attachedPrinter: (workstationId: string) => string | null): WorkstationView[] {
    return this.db
      .select()
      .from(workstations)
      .orderBy(workstations.pairedAt)
      .all()
      .map((row) => ({
        id: row.id,
        name: row.name,
        pairedAt: row.pairedAt,
        lastContactAt: row.lastContactAt,
        revokedAt: row.revokedAt,
        defaultPrinter: row.defaultPrinter,
        attachedPrinter: row.revokedAt === null ? attachedPrinter(row.id) : null
      }))
  }

  /** Returns the bench removed. */
  revoke(workstationId: string, adminId: string, now: Date): Bench {
    const removed = this.db
      .update(workstations)
      .set({ revokedAt: now.toISOString(), revokedBy: adminId })
      .where(and(eq(workstations.id, workstationId), isNull(workstations.revokedAt)))
      .returning({ id: workstations.id, name: workstations.name })
      .get()
    if (!removed) throw new CounterError('not_found', `There is no workstation ${workstationId} still joined.`)
    return removed
  }
}
