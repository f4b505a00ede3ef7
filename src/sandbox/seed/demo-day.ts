/**
 * The demo day: fourteen fulfilment requests a LoveMyLife counter in Leeds might find waiting on a
 * weekday morning, all `sent_to_provider`. Times are offsets from the sandbox clock's now; names,
 * addresses, phone numbers (Ofcom drama range) and registration numbers are fictional.
 * Covers every route, every delivery service, paper prescriptions that need their hard copy, a
 * Schedule 2 (FP10PCD, with the prescriber's 6-digit CD identifier) and a Schedule 3 controlled
 * drug, cautionary labels including 17 with its figure, UTF-8 names and a 300+ character set of
 * directions. Every product of resources/demo/products.json is prescribed at least once.
 */

const DMD = {
  sertraline: '39732311000001104',
  amoxicillin: '39732411000001106',
  morphineMr: '36128311000001109',
  tramadol: '36128411000001102',
  diazepam: '36128511000001103',
  metronidazole: '39732511000001107',
  doxycycline: '39732611000001108',
  sildenafil: '39732711000001100',
  finasteride: '39732811000001109',
  paracetamol: '39732911000001103',
  prednisolone: '39733011000001108',
  hydrocortisone: '39733111000001109',
  coCodamol: '39733211000001101',
  zolmitriptan: '39733311000001106',
  levonorgestrelEe: '39733411000001104'
} as const

export interface DemoPrescriber {
  name: string
  profession: 'doctor' | 'pharmacist'
  registrationBody: 'GMC' | 'GPhC'
  registrationNumber: string
  address: string
  cdPrescriberId?: string
}

const CLINIC = 'LoveMyLife Clinical Services, 1 Wellington Place, Leeds LS1 4AP'

export const PRESCRIBERS = {
  khan: {
    name: 'Dr A Khan',
    profession: 'doctor',
    registrationBody: 'GMC',
    registrationNumber: '7012345',
    address: '12 Harley St, London W1G 9PF'
  },
  price: {
    name: 'Dr Rhiannon Price',
    profession: 'doctor',
    registrationBody: 'GMC',
    registrationNumber: '6123457',
    address: 'Castle Street Clinic, 4 Castle Street, Shrewsbury SY1 2BQ',
    cdPrescriberId: '612345'
  },
  mcallister: {
    name: 'Dr Euan McAllister',
    profession: 'doctor',
    registrationBody: 'GMC',
    registrationNumber: '5098765',
    address: '27 Rodney Street, Liverpool L1 9EF',
    cdPrescriberId: '509871'
  },
  wisniewski: {
    name: 'Dr Tomasz Wiśniewski',
    profession: 'doctor',
    registrationBody: 'GMC',
    registrationNumber: '7234561',
    address: CLINIC
  },
  okafor: {
    name: 'Dr Chiamaka Okafor',
    profession: 'doctor',
    registrationBody: 'GMC',
    registrationNumber: '7456123',
    address: CLINIC
  },
  siddiqui: {
    name: 'Farah Siddiqui (pharmacist independent prescriber)',
    profession: 'pharmacist',
    registrationBody: 'GPhC',
    registrationNumber: '2081234',
    address: CLINIC
  }
} as const satisfies Record<string, DemoPrescriber>

export interface DemoItem {
  dmdCode: string
  quantity: number
  unit: string
  directions: string
}

export interface DemoRequest {
  id: string
  minutesAgo: number
  route: 'upload' | 'video_consultation' | 'phone_consultation' | 'form_consultation'
  prescription: {
    id: string
    kind: 'private_paper' | 'private_electronic' | 'consultation'
    issuedDaysAgo: number
    formType?: 'FP10PCD'
    prescriber: keyof typeof PRESCRIBERS
    hardCopy: 'paper_prescription' | 'controlled_drug' | null
    items: DemoItem[]
    notes?: string
  }
  patient: {
    id: string
    title: string | null
    given: string
    family: string
    dateOfBirth: string
    phone: string
    email: string
  }
  delivery: {
    recipientName?: string
    line1: string
    line2?: string
    city: string
    postcode: string
    service: 'royal_mail_tracked_24' | 'royal_mail_tracked_48' | 'special_delivery_1pm' | 'courier_next_day' | 'collect'
    instructions?: string
  }
  payment: { status: 'paid' | 'authorised' | 'exempt'; payer: 'patient' | 'employer' | 'insurer'; reference: string }
}

const PREDNISOLONE_COURSE =
  'Take EIGHT tablets (40mg) once a day in the morning with or just after breakfast for 5 days, then ' +
  'SIX tablets (30mg) once a day for 3 days, then FOUR tablets (20mg) once a day for 3 days, then TWO ' +
  'tablets (10mg) once a day for 3 days, then stop. Take all the tablets for each dose at the same time. ' +
  'Do not stop suddenly before the end of the course, and carry your steroid treatment card.'

export const DEMO_REQUESTS: readonly DemoRequest[] = [
  {
    id: 'fr_7Q2K9',
    minutesAgo: 14 * 60 + 20,
    route: 'upload',
    prescription: {
      id: 'rx_55A1',
      kind: 'private_paper',
      issuedDaysAgo: 1,
      prescriber: 'khan',
      hardCopy: 'paper_prescription',
      items: [{ dmdCode: DMD.sertraline, quantity: 28, unit: 'tablet', directions: 'Take ONE tablet each morning' }]
    },
    patient: {
      id: 'pt_19',
      title: 'Ms',
      given: 'Zoë',
      family: "O'Brien-Łukasik",
      dateOfBirth: '1988-04-02',
      phone: '+447700900123',
      email: 'zoe@example.org'
    },
    delivery: {
      line1: 'Flat 2',
      line2: '14 Kirkgate',
      city: 'Leeds',
      postcode: 'LS1 6BU',
      service: 'royal_mail_tracked_24',
      instructions: 'Leave with neighbour at no. 16'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8812' }
  },
  {
    id: 'fr_CD2M4',
    minutesAgo: 11 * 60 + 5,
    route: 'upload',
    prescription: {
      id: 'rx_60C2',
      kind: 'private_paper',
      issuedDaysAgo: 2,
      formType: 'FP10PCD',
      prescriber: 'price',
      hardCopy: 'controlled_drug',
      items: [
        {
          dmdCode: DMD.morphineMr,
          quantity: 56,
          unit: 'tablet',
          directions: 'Take ONE tablet TWICE a day, every 12 hours. Swallow whole.'
        }
      ],
      notes:
        'Morphine sulfate 10mg modified-release tablets. Dose: ONE tablet twice a day. ' +
        'Total quantity: 56 (fifty-six) tablets.'
    },
    patient: {
      id: 'pt_31',
      title: 'Mrs',
      given: 'Siân',
      family: 'Pritchard',
      dateOfBirth: '1951-09-14',
      phone: '+447700900231',
      email: 'sian.pritchard@example.org'
    },
    delivery: {
      line1: '3 Bridge Street',
      city: 'Chester',
      postcode: 'CH1 1NQ',
      service: 'special_delivery_1pm',
      instructions: 'Signature required. Patient is at home all day.'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8820' }
  },
  {
    id: 'fr_CD3T7',
    minutesAgo: 9 * 60 + 40,
    route: 'upload',
    prescription: {
      id: 'rx_61D7',
      kind: 'private_paper',
      issuedDaysAgo: 5,
      formType: 'FP10PCD',
      prescriber: 'mcallister',
      hardCopy: 'controlled_drug',
      items: [
        {
          dmdCode: DMD.tramadol,
          quantity: 30,
          unit: 'capsule',
          directions:
            'Take ONE or TWO capsules up to FOUR times a day when required for pain. ' +
            'Do not take more than EIGHT capsules in 24 hours.'
        }
      ],
      notes: 'Tramadol 50mg capsules. Total quantity: 30 (thirty) capsules.'
    },
    patient: {
      id: 'pt_44',
      title: 'Mr',
      given: 'Ørjan',
      family: 'Haugen',
      dateOfBirth: '1979-01-23',
      phone: '+447700900344',
      email: 'orjan.haugen@example.org'
    },
    delivery: {
      line1: 'Flat 5',
      line2: '21 Grey Street',
      city: 'Newcastle upon Tyne',
      postcode: 'NE1 6EE',
      service: 'courier_next_day',
      instructions: 'Buzzer 5; call on arrival'
    },
    payment: { status: 'authorised', payer: 'insurer', reference: 'ins_AXA-40917' }
  },
  {
    id: 'fr_V1Z0L',
    minutesAgo: 8 * 60 + 15,
    route: 'video_consultation',
    prescription: {
      id: 'rx_70E3',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'okafor',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.zolmitriptan,
          quantity: 6,
          unit: 'tablet',
          directions:
            'Take ONE tablet at the start of a migraine. If the migraine comes back, ' +
            'take another tablet after at least 2 hours.'
        }
      ]
    },
    patient: {
      id: 'pt_52',
      title: 'Ms',
      given: 'Thị Lan',
      family: 'Nguyễn',
      dateOfBirth: '1994-06-30',
      phone: '+447700900452',
      email: 'lan.nguyen@example.org'
    },
    delivery: { line1: '48 Ladypool Road', city: 'Birmingham', postcode: 'B12 8JN', service: 'royal_mail_tracked_48' },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8833' }
  },
  {
    id: 'fr_P4D9R',
    minutesAgo: 7 * 60 + 50,
    route: 'phone_consultation',
    prescription: {
      id: 'rx_71F9',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'wisniewski',
      hardCopy: null,
      items: [{ dmdCode: DMD.prednisolone, quantity: 76, unit: 'tablet', directions: PREDNISOLONE_COURSE }]
    },
    patient: {
      id: 'pt_58',
      title: 'Mr',
      given: 'Gareth',
      family: 'Llewellyn',
      dateOfBirth: '1963-11-02',
      phone: '+447700900558',
      email: 'gareth.llewellyn@example.org'
    },
    delivery: {
      line1: '17 Albert Road',
      city: 'London',
      postcode: 'N4 3RP',
      service: 'courier_next_day',
      instructions: 'Side gate is unlocked'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8841' }
  },
  {
    id: 'fr_F2S5N',
    minutesAgo: 6 * 60 + 30,
    route: 'form_consultation',
    prescription: {
      id: 'rx_72A5',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'siddiqui',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.sildenafil,
          quantity: 8,
          unit: 'tablet',
          directions:
            'Take ONE tablet about one hour before sexual activity. Do not take more than ONE tablet in 24 hours.'
        }
      ]
    },
    patient: {
      id: 'pt_63',
      title: 'Mr',
      given: 'Daniel',
      family: 'Okonkwo',
      dateOfBirth: '1985-02-11',
      phone: '+447700900663',
      email: 'd.okonkwo@example.org'
    },
    delivery: {
      line1: 'Flat 12, Chorlton Mill',
      line2: '3 Cambridge Street',
      city: 'Manchester',
      postcode: 'M1 5BY',
      service: 'royal_mail_tracked_24',
      instructions: 'Plain packaging please'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8850' }
  },
  {
    id: 'fr_F3H8K',
    minutesAgo: 5 * 60 + 55,
    route: 'form_consultation',
    prescription: {
      id: 'rx_73B8',
      kind: 'consultation',
      issuedDaysAgo: 1,
      prescriber: 'siddiqui',
      hardCopy: null,
      items: [{ dmdCode: DMD.finasteride, quantity: 28, unit: 'tablet', directions: 'Take ONE tablet once a day' }]
    },
    patient: {
      id: 'pt_67',
      title: 'Mr',
      given: 'Marek',
      family: 'Nowak',
      dateOfBirth: '1990-08-08',
      phone: '+447700900667',
      email: 'marek.nowak@example.org'
    },
    delivery: { line1: '6 Park Row', city: 'Bristol', postcode: 'BS1 5LJ', service: 'royal_mail_tracked_48' },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8856' }
  },
  {
    id: 'fr_F5C2E',
    minutesAgo: 5 * 60 + 10,
    route: 'form_consultation',
    prescription: {
      id: 'rx_74C2',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'siddiqui',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.levonorgestrelEe,
          quantity: 63,
          unit: 'tablet',
          directions:
            'Take ONE tablet daily at the same time for 21 days, then have 7 tablet-free days. ' +
            'Start each new pack on the 8th day.'
        }
      ]
    },
    patient: {
      id: 'pt_71',
      title: 'Miss',
      given: 'Aoibheann',
      family: 'Ní Bhriain',
      dateOfBirth: '2001-03-19',
      phone: '+447700900771',
      email: 'aoibheann@example.org'
    },
    delivery: { line1: '11 Sydney Street', city: 'Brighton', postcode: 'BN1 4EN', service: 'royal_mail_tracked_48' },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8862' }
  },
  {
    id: 'fr_V7D3X',
    minutesAgo: 4 * 60 + 25,
    route: 'video_consultation',
    prescription: {
      id: 'rx_75D3',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'okafor',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.doxycycline,
          quantity: 44,
          unit: 'capsule',
          directions:
            'Take ONE capsule once a day, starting 2 days before entering the malaria area, every day ' +
            'while there and for 4 weeks after leaving. Swallow whole with plenty of water while sitting or standing.'
        }
      ]
    },
    patient: {
      id: 'pt_75',
      title: 'Dr',
      given: 'Priya',
      family: 'Raman',
      dateOfBirth: '1982-12-05',
      phone: '+447700900875',
      email: 'priya.raman@example.org'
    },
    delivery: {
      line1: '140 Harrogate Road',
      city: 'Leeds',
      postcode: 'LS7 4NY',
      service: 'collect',
      instructions: 'Will collect from the Leeds counter after 5pm'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8870' }
  },
  {
    id: 'fr_P9M1A',
    minutesAgo: 3 * 60 + 45,
    route: 'phone_consultation',
    prescription: {
      id: 'rx_76E1',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'wisniewski',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.amoxicillin,
          quantity: 21,
          unit: 'capsule',
          directions: 'Take ONE capsule THREE times a day for 7 days'
        },
        {
          dmdCode: DMD.metronidazole,
          quantity: 21,
          unit: 'tablet',
          directions: 'Take ONE tablet THREE times a day for 7 days'
        }
      ]
    },
    patient: {
      id: 'pt_80',
      title: 'Mrs',
      given: 'Fatima',
      family: 'Al-Hassan',
      dateOfBirth: '1970-07-27',
      phone: '+447700900980',
      email: 'fatima.alhassan@example.org'
    },
    delivery: { line1: '55 Ecclesall Road', city: 'Sheffield', postcode: 'S11 8HY', service: 'royal_mail_tracked_24' },
    payment: { status: 'authorised', payer: 'insurer', reference: 'ins_BUPA-77120' }
  },
  {
    id: 'fr_P6C4C',
    minutesAgo: 2 * 60 + 50,
    route: 'phone_consultation',
    prescription: {
      id: 'rx_77F4',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'wisniewski',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.coCodamol,
          quantity: 32,
          unit: 'tablet',
          directions:
            'Take ONE or TWO tablets every 4 to 6 hours when required for pain. ' +
            'Do not take more than EIGHT tablets in 24 hours.'
        }
      ]
    },
    patient: {
      id: 'pt_84',
      title: 'Ms',
      given: 'Eilidh',
      family: 'MacLeod',
      dateOfBirth: '1976-04-15',
      phone: '+447700900184',
      email: 'eilidh.macleod@example.org'
    },
    delivery: {
      line1: '4 Marchmont Crescent',
      city: 'Edinburgh',
      postcode: 'EH9 1HN',
      service: 'royal_mail_tracked_24'
    },
    payment: { status: 'exempt', payer: 'employer', reference: 'occhealth_2231' }
  },
  {
    id: 'fr_U8DZ5',
    minutesAgo: 2 * 60 + 5,
    route: 'upload',
    prescription: {
      id: 'rx_78A5',
      kind: 'private_paper',
      issuedDaysAgo: 3,
      prescriber: 'mcallister',
      hardCopy: 'paper_prescription',
      items: [
        {
          dmdCode: DMD.diazepam,
          quantity: 15,
          unit: 'tablet',
          directions: 'Take ONE tablet up to THREE times a day when required for muscle spasm'
        }
      ],
      notes: 'Schedule 4 controlled drug: valid for 28 days from the date on the prescription.'
    },
    patient: {
      id: 'pt_88',
      title: 'Mr',
      given: 'Jakub',
      family: 'Wójcik',
      dateOfBirth: '1987-10-30',
      phone: '+447700900288',
      email: 'jakub.wojcik@example.org'
    },
    delivery: {
      line1: '19 Roundhay Road',
      city: 'Leeds',
      postcode: 'LS7 1AB',
      service: 'courier_next_day',
      instructions: 'Deliver after 6pm on weekdays'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8884' }
  },
  {
    id: 'fr_U2HC6',
    minutesAgo: 1 * 60 + 20,
    route: 'upload',
    prescription: {
      id: 'rx_79B6',
      kind: 'private_paper',
      issuedDaysAgo: 1,
      prescriber: 'khan',
      hardCopy: 'paper_prescription',
      items: [
        {
          dmdCode: DMD.hydrocortisone,
          quantity: 30,
          unit: 'gram',
          directions: 'Apply thinly ONCE or TWICE a day to the affected area for up to 7 days'
        }
      ]
    },
    patient: {
      id: 'pt_92',
      title: null,
      given: 'Oisín',
      family: 'Murphy-Kaur',
      dateOfBirth: '2019-05-09',
      phone: '+447700900392',
      email: 'harpreet.mk@example.org'
    },
    delivery: {
      recipientName: 'Harpreet Murphy-Kaur',
      line1: '2 Church Lane',
      line2: 'Headingley',
      city: 'Leeds',
      postcode: 'LS6 3BG',
      service: 'royal_mail_tracked_48'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8891' }
  },
  {
    id: 'fr_V3P2Q',
    minutesAgo: 35,
    route: 'video_consultation',
    prescription: {
      id: 'rx_80C2',
      kind: 'consultation',
      issuedDaysAgo: 0,
      prescriber: 'okafor',
      hardCopy: null,
      items: [
        {
          dmdCode: DMD.amoxicillin,
          quantity: 15,
          unit: 'capsule',
          directions: 'Take ONE capsule THREE times a day for 5 days'
        },
        {
          dmdCode: DMD.paracetamol,
          quantity: 32,
          unit: 'tablet',
          directions: 'Take ONE or TWO tablets every 4 to 6 hours when required for pain or fever'
        }
      ]
    },
    patient: {
      id: 'pt_97',
      title: 'Ms',
      given: 'Hannah',
      family: 'Brown',
      dateOfBirth: '1999-01-17',
      phone: '+447700900497',
      email: 'hannah.brown@example.org'
    },
    delivery: {
      line1: 'Flat 3',
      line2: '8 Queen Street',
      city: 'Cardiff',
      postcode: 'CF10 2BH',
      service: 'special_delivery_1pm'
    },
    payment: { status: 'paid', payer: 'patient', reference: 'pay_8903' }
  }
]
