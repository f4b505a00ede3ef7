import { afterAll, beforeAll } from 'vitest'

/**
 * One world for the test file: started before its tests, stopped after them. The object is filled
 * in when the world starts, so a file can hold it in a constant.
 */
export function startedForFile<W extends { stop(): Promise<void> }>(start: () => Promise<W>): W {
  const world = {} as W
  beforeAll(async () => {
    Object.assign(world, await start())
  }, 60_000)
  afterAll(async () => {
    await world.stop?.()
  })
  return world
}
