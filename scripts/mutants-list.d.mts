/** The mutants' shape, for test/mutants-list.test.ts. */
export declare const MUTANTS: ReadonlyArray<{ name: string; file: string; find: string; replace: string }>
