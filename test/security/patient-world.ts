/**
 * A live core on the sandbox with real patients' work in it, for the least-privilege tests: three
 * requests, one dispatched (registers, manifest, print jobs), one labelled, one just arrived; a
 * session for each role; and every patient particular the requests carry, to look for in answers.
 */
import type { Core } from '../../src/main/core'
import { ROLES, type Role } from '../../src/shared/roles'
import { checkedRequest, dispensedWorld, packMaker, type DispensedWorld } from '../helpers/dispensed-world'
import { requestBody, settle, staffSession } from '../helpers/linked'
import { supplyByCarrier } from '../helpers/supply'
import { DMD, item, scan, withItems } from '../stock/helpers'

interface Patient {
  given: string
  family: string
  dateOfBirth: string
  phone: string
  email: string
  line1: string
  line2: string
  postcode: string
}

const PATIENTS: Patient[] = [
  {
    given: 'Philippa',
    family: 'Quigley-Zand',
    dateOfBirth: '1961-03-17',
    phone: '+447700900481',
    email: 'pqz@example.net',
    line1: '7 Wharfedale Mews',
    line2: 'Headingley',
    postcode: 'LS6 3QW'
  },
  {
    given: 'Oluwaseun',
    family: 'Abernethy',
    dateOfBirth: '1994-11-02',
    phone: '+447700900517',
    email: 'seun.ab@example.com',
    line1: 'Flat 9, Rosebank Court',
    line2: 'Chapel Allerton',
    postcode: 'LS7 4RT'
  },
  {
    given: 'Wilhelmina',
    family: 'Ó Súilleabháin',
    dateOfBirth: '1979-07-23',
    phone: '+447700900690',
    email: 'w.os@example.org',
    line1: '31 Tannery Yard',
    line2: 'Kirkstall',
    postcode: 'LS5 3HN'
  }
]

function body(id: string, patient: Patient): Record<string, unknown> {
  return requestBody(id, {
    patient: {
      id: `pt_${id}`,
      name: { title: null, given: patient.given, family: patient.family },
      dateOfBirth: patient.dateOfBirth,
      phone: patient.phone,
      email: patient.email
    },
    delivery: {
      recipientName: `${patient.given} ${patient.family}`,
      address: { line1: patient.line1, line2: patient.line2, city: 'Leeds', postcode: patient.postcode, country: 'GB' },
      service: 'royal_mail_tracked_24',
      instructions: null
    }
  })
}

export interface PatientWorld {
  world: DispensedWorld
  core: Core
  /** A session signed in with exactly that one role. */
  sessions: Record<Role, string>
  /** Every patient particular in the store: names, addresses, dates of birth, phones, emails. */
  patientFields: string[]
  requestIds: string[]
  stop(): Promise<void>
}

export async function patientWorld(): Promise<PatientWorld> {
  const world = await dispensedWorld()
  const { core } = world
  const sertraline = await packMaker(world, DMD.sertraline)
  for (let i = 0; i < 2; i++) await scan(core, world.assembler, sertraline.code('LP1'))
  const ids = ['fr_LP_1', 'fr_LP_2', 'fr_LP_3']
  const onePack = (id: string, patient: Patient): Record<string, unknown> =>
    withItems(body(id, patient), [item('l1', DMD.sertraline, 'Sertraline 50mg tablets', sertraline.packSize)])
  await checkedRequest(world, ids[0]!, onePack(ids[0]!, PATIENTS[0]!), { l1: [sertraline.code('LP1')] })
  await supplyByCarrier(core, world.checker, ids[0]!)
  await checkedRequest(world, ids[1]!, onePack(ids[1]!, PATIENTS[1]!), { l1: [sertraline.code('LP1')] })
  await world.l.phensys.post('/sandbox/requests', body(ids[2]!, PATIENTS[2]!))
  await settle(core)
  const sessions: Record<Role, string> = {
    administrator: world.admin,
    pharmacist: world.pharmacist,
    accuracy_checker: world.checker,
    dispenser: await staffSession(core, ['dispenser'])
  }
  for (const role of ROLES) {
    const info = await core.call(sessions[role], 'auth.session', {})
    if (!info.ok || info.value?.user.roles.join() !== role) throw new Error(`the ${role} session is not ${role} alone`)
  }
  const patientFields = PATIENTS.flatMap((p) => [
    p.given,
    p.family,
    p.dateOfBirth,
    p.phone,
    p.email,
    p.line1,
    p.line2,
    p.postcode
  ])
  return { world, core, sessions, patientFields, requestIds: ids, stop: () => world.stop() }
}

/** The patient particulars found in an answer (as the JSON that crosses IPC or HTTP). */
export function patientFieldsIn(answer: unknown, fields: readonly string[]): string[] {
  const text = JSON.stringify(answer)
  const decoded = text.includes('base64') ? decodeBase64Values(answer) : ''
  return fields.filter((field) => text.includes(field) || decoded.includes(field))
}

/** Exported files travel as base64: look inside them too. */
function decodeBase64Values(answer: unknown): string {
  const found: string[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'base64' && typeof inner === 'string') found.push(Buffer.from(inner, 'base64').toString('utf8'))
        else visit(inner)
      }
  }
  visit(answer)
  return found.join('\n')
}
