import { useDevices } from '../devices/devices-store'

let context: AudioContext | null = null

/** One tone: frequency in Hz, start and length in seconds from now. */
function tone(audio: AudioContext, hz: number, at: number, seconds: number): void {
  const oscillator = audio.createOscillator()
  const gain = audio.createGain()
  oscillator.frequency.value = hz
  oscillator.type = 'square'
  // A soft start and end: a click-free beep that is heard across a busy dispensary.
  gain.gain.setValueAtTime(0.0001, audio.currentTime + at)
  gain.gain.exponentialRampToValueAtTime(0.15, audio.currentTime + at + 0.01)
  gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + at + seconds)
  oscillator.connect(gain).connect(audio.destination)
  oscillator.start(audio.currentTime + at)
  oscillator.stop(audio.currentTime + at + seconds + 0.02)
}

/**
 * The sound of a re-scan: one short high beep when accepted, two low ones when refused, so the
 * checker need not look up from the packs. Off when the Scanner screen's setting says so.
 */
export function playScanSound(outcome: 'accepted' | 'refused'): void {
  if (useDevices.getState().view?.settings.scanSounds === false) return
  try {
    context ??= new AudioContext()
    if (outcome === 'accepted') tone(context, 1320, 0, 0.08)
    else {
      tone(context, 220, 0, 0.15)
      tone(context, 220, 0.2, 0.15)
    }
  } catch {
    // No sound device: the tick or refusal on screen still says it.
  }
}
