/** The people a live (non-training) workstation's administrator creates in the e2e tests. */
export const LIVE_STAFF = {
  dispenser: {
    username: 'dana',
    displayName: 'Dana Dispenser',
    roles: ['dispenser'],
    gphcNumber: null,
    secret: '482915'
  },
  pharmacist: {
    username: 'phil',
    displayName: 'Phil Pharmacist',
    roles: ['pharmacist'],
    gphcNumber: '2011111',
    secret: '735102'
  },
  checker: {
    username: 'cara',
    displayName: 'Cara Checker',
    roles: ['accuracy_checker'],
    gphcNumber: null,
    secret: '619384'
  }
} as const
