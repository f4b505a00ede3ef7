/**
 * The pharmacy's patients and what they order through the year. About 10,000 patients, each
 * with a Phensys patient id kept all year: most are on regular medicines (one to three items,
 * reordered every three to twelve weeks, so the same patient's supplies recur), some on a
 * Schedule 2 drug, and everyone now and then orders something once. Routes, prescribers,
 * delivery services and addresses vary as an online pharmacy's do.
 */
import type { CautionaryLabelRef } from '../../src/shared/phensys/snapshot'
import { DAY_MS, MINUTE_MS, type YearCalendar } from './calendar'
import type { Formulary, Product } from './formulary'
import { Random } from './random'

export interface Patient {
  id: string
  title: string
  given: string
  family: string
  dateOfBirth: string
  phone: string
  email: string
  address: { line1: string; line2: string | null; city: string; postcode: string; country: 'GB' }
  service: string
  route: Route
  prescriber: Prescriber
  regimen: RegimenItem[]
  /** Days between reorders; 0 for a patient who only ever orders once-off items. */
  interval: number
}

interface RegimenItem {
  product: Product
  packs: number
}

interface Prescriber {
  name: string
  profession: string
  registrationBody: string
  registrationNumber: string
  address: string
}

type Route = 'upload' | 'video_consultation' | 'phone_consultation' | 'form_consultation'

export interface RequestItem {
  lineId: string
  product: Product
  quantity: number
  directions: string
  labels: readonly CautionaryLabelRef[]
}

/** One request as Phensys will send it, and when. */
export interface RequestSpec {
  id: string
  /** When Phensys created it (ms). */
  arrivesAt: number
  patient: Patient
  route: Route
  kind: 'private_paper' | 'private_electronic' | 'consultation'
  issuedAt: string
  items: RequestItem[]
  service: string
  prescriber: Prescriber
}

const GIVEN_F =
  'Amelia|Olivia|Isla|Zoë|Siobhán|Aisha|Priya|Grace|Freya|Chloe|Hannah|Fatima|Maja|Agnieszka|Emily|Sophie|Ruth|Margaret|Niamh|Ffion|Mei|Chioma|Leah|Eilidh'.split(
    '|'
  )
const GIVEN_M =
  'Oliver|George|Harry|Mohammed|Jack|Noah|Arjun|Tomasz|Liam|Ewan|Dylan|Ibrahim|Kwame|Seán|Rhys|Daniel|James|Peter|Wei|Hamza|Luca|Callum|Owen|Matthew'.split(
    '|'
  )
const FAMILY =
  "Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Roberts|Johnson|Lewis|Walker|Robinson|Wood|Thompson|White|Watson|Jackson|Wright|Green|Harris|Cooper|King|Lee|Martin|Clarke|James|Morgan|Hughes|Edwards|Hill|Moore|Clark|Harrison|Scott|Young|Morris|Hall|Ward|Turner|Carter|Phillips|Mitchell|Patel|Khan|Shah|Ahmed|Singh|Begum|Ali|Hussain|O'Brien|McCarthy|Ní Bhriain|Nowak|Kowalski|Łukasik|Okafor|Mensah|Chen|Nguyen|Fairweather-Smythe|Van der Berg".split(
    '|'
  )
const STREETS =
  'High Street|Station Road|Church Lane|Kirkgate|Victoria Road|Park Avenue|Mill Lane|The Crescent|Queens Road|Manor Way|Orchard Close|Albert Street'.split(
    '|'
  )
const TOWNS: ReadonlyArray<[string, string]> = [
  ['Leeds', 'LS'],
  ['Manchester', 'M'],
  ['Birmingham', 'B'],
  ['London', 'N'],
  ['London', 'SE'],
  ['Bristol', 'BS'],
  ['Cardiff', 'CF'],
  ['Glasgow', 'G'],
  ['Newcastle upon Tyne', 'NE'],
  ['Norwich', 'NR'],
  ['Brighton', 'BN'],
  ['Sheffield', 'S'],
  ['Exeter', 'EX'],
  ['York', 'YO'],
  ['Belfast', 'BT'],
  ['Nottingham', 'NG']
]
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

export class Population {
  readonly patients: Patient[]
  /** Every request of the year, in the order Phensys creates them. */
  private readonly arrivals: Array<{ patient: Patient; at: number; oneOff: boolean }> = []
  private taken = 0

  constructor(
    calendar: YearCalendar,
    private readonly formulary: Formulary,
    options: { patients: number; requests: number },
    random: Random
  ) {
    const prescribers = makePrescribers(random.fork('prescribers'))
    const people = random.fork('patients')
    this.patients = Array.from({ length: options.patients }, (_, n) => makePatient(n, people, prescribers, formulary))
    const when = random.fork('arrivals')
    const first = Date.parse(`${calendar.firstDay}T00:00:00Z`)
    const end = first + calendar.days.length * DAY_MS
    let regular = 0
    for (const patient of this.patients) {
      if (patient.interval === 0) continue
      // Each patient started on the regimen some time before the year; reorders drift by a few days.
      let at = first + when.next() * patient.interval * DAY_MS
      while (at < end) {
        this.arrivals.push({ patient, at, oneOff: false })
        regular += 1
        at += (patient.interval + when.int(-2, 4)) * DAY_MS + when.int(-300, 300) * MINUTE_MS
      }
    }
    for (let n = regular; n < options.requests; n++) {
      this.arrivals.push({ patient: when.pick(this.patients), at: first + when.next() * (end - first), oneOff: true })
    }
    this.arrivals.sort((a, b) => a.at - b.at)
  }

  get total(): number {
    return this.arrivals.length
  }

  /** The requests Phensys creates before this instant that it has not created yet, in order. */
  requestsBefore(to: number, random: Random): RequestSpec[] {
    const specs: RequestSpec[] = []
    for (; this.taken < this.arrivals.length && this.arrivals[this.taken]!.at < to; this.taken++) {
      const arrival = this.arrivals[this.taken]!
      specs.push(this.request(arrival.patient, arrival.at, arrival.oneOff, random, this.taken + 1))
    }
    return specs
  }

  private request(patient: Patient, at: number, oneOff: boolean, random: Random, sequence: number): RequestSpec {
    const id = `fr_Y${sequence.toString(36).toUpperCase().padStart(6, '0')}`
    const regimen: RegimenItem[] = oneOff
      ? [{ product: this.formulary.everyday.draw(random), packs: 1 }]
      : patient.regimen
    const items = regimen.map((item, index): RequestItem => ({
      lineId: `l${index + 1}`,
      product: item.product,
      quantity: item.product.pack.packSize * item.packs,
      directions: random.pick(item.product.directions),
      labels: item.product.labels
    }))
    const controlled = items.some((item) => item.product.vmp.cdSchedule === 2 || item.product.vmp.cdSchedule === 3)
    // Controlled drugs come on paper (FP10PCD), uploaded and posted; the rest as the patient usually orders.
    const route: Route = controlled
      ? 'upload'
      : oneOff
        ? random.pick(['video_consultation', 'form_consultation', 'phone_consultation'])
        : patient.route
    const kind =
      route !== 'upload' ? 'consultation' : controlled || random.chance(0.6) ? 'private_paper' : 'private_electronic'
    const issued = new Date(at - random.int(0, 2) * DAY_MS).toISOString().slice(0, 10)
    return {
      id,
      arrivesAt: at,
      patient,
      route,
      kind,
      issuedAt: issued,
      items,
      service: patient.service,
      prescriber: patient.prescriber
    }
  }

  /** The body `POST /sandbox/requests` takes, as Phensys would send the request. */
  static snapshotBody(spec: RequestSpec, unknownService: boolean): Record<string, unknown> {
    const createdAt = new Date(spec.arrivesAt).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const controlled = spec.items.some((item) => item.product.vmp.cdSchedule === 2 || item.product.vmp.cdSchedule === 3)
    const { patient } = spec
    return {
      id: spec.id,
      createdAt,
      updatedAt: createdAt,
      tenant: { id: 'lovemylife', name: 'LoveMyLife' },
      route: spec.route,
      prescription: {
        id: `rx_${spec.id.slice(3)}`,
        kind: spec.kind,
        issuedAt: spec.issuedAt,
        ...(controlled ? { formType: 'FP10PCD' } : {}),
        prescriber: spec.prescriber,
        hardCopy: {
          required: spec.kind === 'private_paper',
          reason: controlled ? 'controlled_drug' : spec.kind === 'private_paper' ? 'paper_prescription' : null
        },
        items: spec.items.map((item) => ({
          lineId: item.lineId,
          product: {
            dmdCode: item.product.vmp.dmdId,
            name: item.product.vmp.name,
            strength: item.product.vmp.strength,
            form: item.product.vmp.form,
            controlledDrugSchedule: item.product.vmp.cdSchedule
          },
          quantity: item.quantity,
          unit: item.product.pack.unit,
          directions: item.directions,
          cautionaryLabels: item.labels
        })),
        notes: null
      },
      patient: {
        id: patient.id,
        name: { title: patient.title, given: patient.given, family: patient.family },
        dateOfBirth: patient.dateOfBirth,
        phone: patient.phone,
        email: patient.email
      },
      delivery: {
        recipientName: `${patient.given} ${patient.family}`,
        address: patient.address,
        // A code this pharmacy has not configured: a person must choose the service before packing.
        service: unknownService ? 'royal_mail_tracked_24_signed' : spec.service,
        instructions: null
      },
      payment: { status: 'paid', payer: 'patient', reference: `pay_${spec.id.slice(3)}` }
    }
  }
}

function makePrescribers(random: Random): Prescriber[] {
  return Array.from({ length: 30 }, (_, n) => {
    const pharmacist = n % 5 === 4
    const given = random.pick([...GIVEN_F, ...GIVEN_M])
    const family = random.pick(FAMILY)
    return {
      name: pharmacist ? `${given} ${family}` : `Dr ${given[0]} ${family}`,
      profession: pharmacist ? 'pharmacist' : 'doctor',
      registrationBody: pharmacist ? 'GPhC' : 'GMC',
      registrationNumber: String(pharmacist ? 2_000_000 + random.int(0, 99_999) : 6_000_000 + random.int(0, 999_999)),
      address: `${random.int(1, 90)} ${random.pick(STREETS)}, ${random.pick(TOWNS)[0]}`
    }
  })
}

function makePatient(n: number, random: Random, prescribers: readonly Prescriber[], formulary: Formulary): Patient {
  const female = random.chance(0.55)
  const given = random.pick(female ? GIVEN_F : GIVEN_M)
  const family = random.pick(FAMILY)
  const [city, area] = random.pick(TOWNS)
  const born = Date.UTC(1936, 0, 1) + random.next() * (Date.UTC(2006, 0, 1) - Date.UTC(1936, 0, 1))
  const scheduleTwo = random.chance(0.012)
  const itemCount = random.among([
    [1, 75],
    [2, 18],
    [3, 7]
  ])
  const regimen: RegimenItem[] = []
  while (regimen.length < itemCount) {
    const product =
      scheduleTwo && regimen.length === 0 ? formulary.scheduleTwo.draw(random) : formulary.everyday.draw(random)
    if (regimen.some((item) => item.product.vmp.dmdId === product.vmp.dmdId)) continue
    // Schedule 2 supplies are kept to one pack a month; others are sometimes two or three.
    const packs =
      product.vmp.cdSchedule === 2
        ? 1
        : random.among([
            [1, 85],
            [2, 12],
            [3, 3]
          ])
    regimen.push({ product, packs })
  }
  const interval = scheduleTwo
    ? 28
    : random.among([
        [0, 8],
        [21, 14],
        [28, 50],
        [30, 10],
        [56, 13],
        [84, 5]
      ])
  return {
    id: `pt_${(100_000 + n).toString(36).toUpperCase()}`,
    title: female ? random.pick(['Ms', 'Mrs', 'Miss', 'Dr']) : random.pick(['Mr', 'Mr', 'Dr']),
    given,
    family,
    dateOfBirth: new Date(born).toISOString().slice(0, 10),
    phone: `+447700${String(900_000 + random.int(0, 99_999)).padStart(6, '0')}`,
    email: `${given
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase()}.${n}@example.org`,
    address: {
      line1: `${random.int(1, 240)} ${random.pick(STREETS)}`,
      line2: random.chance(0.2) ? `Flat ${random.int(1, 24)}` : null,
      city,
      postcode: `${area}${random.int(1, 28)} ${random.int(1, 9)}${random.pick([...LETTERS])}${random.pick([...LETTERS])}`,
      country: 'GB'
    },
    service: random.weighted({
      royal_mail_tracked_24: 55,
      royal_mail_tracked_48: 24,
      special_delivery_1pm: 5,
      courier_next_day: 10,
      collect: 6
    }),
    route: random.weighted({ upload: 18, video_consultation: 30, phone_consultation: 20, form_consultation: 32 }),
    prescriber: random.pick(prescribers),
    regimen,
    interval
  }
}
