import { describe, expect, it } from 'vitest'
import { asciiCodewords, dataMatrixSize, encodeDataMatrix, reedSolomon } from './datamatrix'

const bitmap = (matrix: boolean[][]) => matrix.map((row) => row.map((dark) => (dark ? '1' : '0')).join(''))

describe('DataMatrix ECC 200', () => {
  it('computes ISO 16022 Reed–Solomon check codewords', () => {
    expect(asciiCodewords(new TextEncoder().encode('123456'))).toEqual([142, 164, 186])
    expect(reedSolomon([142, 164, 186], 5)).toEqual([114, 25, 5, 88, 102])
  })

  it('reproduces ISO 16022 figure O.2 ("123456", 10×10)', () => {
    expect(bitmap(encodeDataMatrix('123456'))).toEqual([
      '1010101010',
      '1100101101',
      '1100000100',
      '1100011101',
      '1100001000',
      '1000001111',
      '1110110000',
      '1111011001',
      '1001110100',
      '1111111111'
    ])
  })

  it('reproduces a padded 14×14 symbol ("1234abcd")', () => {
    expect(bitmap(encodeDataMatrix('1234abcd'))).toEqual([
      '10101010101010',
      '11001010001111',
      '11000101100100',
      '11001001100001',
      '11011001110000',
      '10100101011001',
      '10101110011000',
      '10011101100101',
      '10100001001000',
      '10101000001111',
      '11101100000010',
      '11010010100101',
      '10011111000100',
      '11111111111111'
    ])
  })

  it('reproduces GS1 General Specifications figure 2.6.14-3 (GS1 DataMatrix, 20×20)', () => {
    const data = '01095011015300031715011910AB-123'
    expect(bitmap(encodeDataMatrix(data, { gs1: true }))).toEqual([
      '10101010101010101010',
      '11001111010100000111',
      '10001010001001010100',
      '10110011010100010001',
      '11101010000001101010',
      '10000100111011010111',
      '10011010101101010110',
      '11010001001110101001',
      '11101000110100101100',
      '11001111010111001101',
      '10001010000001100000',
      '11010000100010111011',
      '10110010011000001000',
      '10011010000011010011',
      '11111010101110100110',
      '11010010111011100001',
      '11010100101100111110',
      '11000001110010010101',
      '10011011100101011010',
      '11111111111111111111'
    ])
  })

  it('draws finder and clock patterns on every region of larger symbols', () => {
    const matrix = encodeDataMatrix('PC-REQ:'.padEnd(60, 'x'))
    expect(matrix.length).toBe(dataMatrixSize('PC-REQ:'.padEnd(60, 'x')))
    expect(matrix.length).toBe(32)
    const rows = bitmap(matrix)
    expect(rows[31]).toBe('1'.repeat(32))
    expect(rows[15]).toBe('1'.repeat(32))
    expect(rows[0]).toBe('10'.repeat(16))
    expect(rows[16]).toBe('10'.repeat(16))
  })

  it('picks the smallest square size', () => {
    expect(dataMatrixSize('123456')).toBe(10)
    expect(dataMatrixSize('PC-REQ:fr_7Q2K9')).toBe(18)
  })
})
