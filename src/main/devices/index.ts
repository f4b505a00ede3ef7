export {
  HOST_STATUS_REQUEST,
  formatHostStatus,
  isCompleteHostStatus,
  parseHostStatus,
  type PrinterProblem,
  type PrinterStatus
} from './printers/host-status'
export { PrinterTransportError, type PrinterTransport, type PrinterTransportErrorCode } from './printers/transport'
export { TcpPrinterTransport, createTcpPrinterTransport, type TcpPrinterOptions } from './printers/tcp-transport'
export {
  SerialPrinterTransport,
  createSerialPrinterTransport,
  type SerialPrinterOptions
} from './printers/serial-transport'
export { createPrinterTransport, type PrinterConfig } from './printers/printer-config'
export { ScanFramer, type FramedScan, type ScannerSuffix } from './scanners/scan-framer'
export {
  createSerialScanner,
  serialScannerConfigSchema,
  type ScanEvent,
  type ScannerState,
  type SerialScanner,
  type SerialScannerConfig
} from './scanners/serial-scanner'
export { listSerialPorts, type SerialPortEntry } from './serial-ports'
