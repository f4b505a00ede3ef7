// Electron fuses, flipped in the packaged app's binary as the last packaging step:
//   node scripts/fuses.mjs <path to the packaged Pharmetra Counter executable>
// A fuse is read by Electron before any of our code runs, so these cannot be undone at run time.
import { pathToFileURL } from 'node:url'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

/** What each fuse is set to, and why (the README's security section lists them too). */
export const COUNTER_FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and local storage encrypted at rest with the OS keychain's key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app's code is the asar that was packaged and signed, checked, and nothing beside it.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer comes from app://, so file:// gets no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const binary = process.argv[2]
  if (!binary) {
    console.error('Usage: node scripts/fuses.mjs <path to the packaged executable>')
    process.exit(1)
  }
  await flipFuses(binary, COUNTER_FUSES)
  console.log(`Fuses set in ${binary}`)
}
