import type { FuseV1Config } from '@electron/fuses'

export declare const COUNTER_FUSES: FuseV1Config
