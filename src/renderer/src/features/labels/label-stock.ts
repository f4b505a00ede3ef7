import { useEffect, useState } from 'react'
import { onEvent } from '../../api/client'

/** Which label stock the settings hold: a change lays the labels out again at once. */
export function useLabelStockKey(): string {
  const [key, setKey] = useState('')
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'devices.changed') setKey(JSON.stringify(event.payload.settings.labelStock))
      }),
    []
  )
  return key
}
