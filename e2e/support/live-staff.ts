/** The people a live (non-training) workstation's administrator creates in the e2e tests. */
export const LIVE_STAFF = {
  dispenser: {
    username: 'dana',
    displayName: 'Dana Dispenser',
    roles: ['dispenser'],
    gphcNumber: null,
    secret: '2468'
  },
  pharmacist: {
    username: 'phil',
    displayName: 'Phil Pharmacist',
    roles: ['pharmacist'],
    gphcNumber: '2011111',
    secret: '1357'
  },
  checker: {
    username: 'cara',
    displayName: 'Cara Checker',
    roles: ['accuracy_checker'],
    gphcNumber: null,
    secret: '3579'
  }
} as const
