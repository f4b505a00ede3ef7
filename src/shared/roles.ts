export const ROLES = ['dispenser', 'accuracy_checker', 'pharmacist', 'administrator'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  dispenser: 'Dispenser',
  accuracy_checker: 'Accuracy checker',
  pharmacist: 'Pharmacist',
  administrator: 'Administrator'
}
