export { TRAINING_STAFF, seedTrainingStaff } from './staff'
