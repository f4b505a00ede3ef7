/**
 * A workstation of the premises, whatever shows its screens (browser mode, or the Electron shell):
 * its pairing with the host (`DIR/pairing.json`, owner-only), its line to the host, and the devices
 * attached at its bench. It keeps no store.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HostLink, type HostPairing } from './host-link'
import { pairWithHost } from './pair-with-host'
import { printerFromArgument, scannerFromArgument, startBenchDevices, type BenchDevices } from './bench-devices'

/** The devices at the bench, as typed after `--scanner` (any number) and `--printer`. */
export interface BenchDeviceArguments {
  scanners: readonly string[]
  printer: string | null
}

export interface Workstation {
  link: HostLink
  pairing: HostPairing
  stop(): Promise<void>
}

const pairingFile = (dataDir: string): string => join(dataDir, 'pairing.json')

/** The pairing kept in this folder, or null when this workstation has not joined a host yet. */
export function readPairing(dataDir: string): HostPairing | null {
  const file = pairingFile(dataDir)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as HostPairing) : null
}

/** Joins the host with the one-time code and fingerprint its administrator shows, and keeps the pairing here. */
export async function pairAndKeep(
  dataDir: string,
  hostUrl: string,
  codeOrLink: string,
  name: string,
  fingerprint: string | null
): Promise<HostPairing> {
  const pairing = await pairWithHost(hostUrl, codeOrLink, name, fingerprint)
  writeFileSync(pairingFile(dataDir), JSON.stringify(pairing, null, 2), { mode: 0o600 })
  return pairing
}

/** The line to the host and the bench's devices, running; throws (in words) on a device argument it cannot read. */
export function startWorkstation(
  pairing: HostPairing,
  devices: BenchDeviceArguments,
  log: (message: string, error?: unknown) => void
): Workstation {
  const options = {
    scanners: devices.scanners.map(scannerFromArgument),
    printer: devices.printer ? printerFromArgument(devices.printer) : null,
    log
  }
  const link = new HostLink(pairing)
  link.start()
  let running: BenchDevices
  try {
    running = startBenchDevices(link, options)
  } catch (error) {
    link.close()
    throw error
  }
  return {
    link,
    pairing,
    stop: async () => {
      await running.stop()
      link.close()
    }
  }
}
