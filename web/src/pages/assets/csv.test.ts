import { describe, expect, it } from 'vitest';
import { csvForUpload, decodeText, detectDelimiter, importFormat, parseCsv, readCsvHeader, toCsv } from './csv';

describe('readCsvHeader', () => {
  it('reads a plain comma header', () => {
    expect(readCsvHeader('inventory_number,type,serial\nOAX-CPU-0001,CPU,123\n')).toEqual(['inventory_number', 'type', 'serial']);
  });

  it('handles quotes, escaped quotes, delimiters and line breaks inside quotes', () => {
    expect(readCsvHeader('"No. de inventario","Marca, modelo","Dice ""hola""","Dos\nlíneas"\r\nx,y,z,w')).toEqual([
      'No. de inventario',
      'Marca, modelo',
      'Dice "hola"',
      'Dos\nlíneas',
    ]);
  });

  it('detects semicolons (Excel es-MX) and tabs, and drops the BOM', () => {
    expect(readCsvHeader('\uFEFFNúmero de inventario;Tipo;Serie\r\n1;2;3')).toEqual(['Número de inventario', 'Tipo', 'Serie']);
    expect(readCsvHeader('a\tb\tc\n')).toEqual(['a', 'b', 'c']);
    expect(detectDelimiter('"a;b",c,d')).toBe(',');
    expect(detectDelimiter('a;b,c;d')).toBe(';');
  });

  it('gives nothing for an empty file and trims fields', () => {
    expect(readCsvHeader('')).toEqual([]);
    expect(readCsvHeader('  Marca , Modelo ')).toEqual(['Marca', 'Modelo']);
  });
});

describe('decodeText', () => {
  it('reads UTF-8, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeText(new TextEncoder().encode('Número'))).toBe('Número');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
    expect(decodeText(new Uint8Array([0x4e, 0xfa, 0x6d, 0x65, 0x72, 0x6f]))).toBe('Número');
  });
});

describe('importFormat', () => {
  it('tells CSV from XLSX by the name', () => {
    expect(importFormat('bienes.CSV')).toBe('csv');
    expect(importFormat('inventario 2026.xlsx')).toBe('xlsx');
    expect(importFormat('viejo.xls')).toBeNull();
    expect(importFormat('sin-extension')).toBeNull();
  });
});

describe('parseCsv / toCsv / csvForUpload', () => {
  it('parses every record, with quotes and CRLF', () => {
    expect(parseCsv('a;b\r\n"x;1";"dice ""sí"""\r\n3;\n')).toEqual([
      ['a', 'b'],
      ['x;1', 'dice "sí"'],
      ['3', ''],
    ]);
    expect(parseCsv('a,b\n1,"dos\nlíneas"')).toEqual([
      ['a', 'b'],
      ['1', 'dos\nlíneas'],
    ]);
  });

  it('writes comma CSV, quoting where needed', () => {
    expect(toCsv([['a', 'b,c'], ['dice "x"', 'y']])).toBe('a,"b,c"\r\n"dice ""x""",y\r\n');
  });

  it('keeps comma UTF-8 files as they are and rewrites semicolon or Windows-1252 ones', () => {
    const plain = new TextEncoder().encode('inventory_number,brand\nOAX-CPU-00001,Dell\n');
    expect(csvForUpload(plain)).toEqual({ data: plain, converted: false });
    const semi = csvForUpload(new TextEncoder().encode('Número;Marca\nOAX-CPU-00001;Dell, Inc.\n'));
    expect(semi.converted).toBe(true);
    expect(new TextDecoder().decode(semi.data)).toBe('Número,Marca\r\nOAX-CPU-00001,"Dell, Inc."\r\n');
    const latin = csvForUpload(new Uint8Array([0x4e, 0xfa, 0x6d, 0x2c, 0x41, 0x0a, 0x31, 0x2c, 0x32, 0x0a]));
    expect(new TextDecoder().decode(latin.data)).toBe('Núm,A\r\n1,2\r\n');
  });
});
