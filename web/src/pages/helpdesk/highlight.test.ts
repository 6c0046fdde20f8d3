import { describe, expect, it } from 'vitest';
import { highlightSegments } from './highlight';

describe('highlightSegments', () => {
  it('marks the text between « and »', () => {
    expect(highlightSegments('la «impresora» no enciende')).toEqual([
      { text: 'la ', mark: false },
      { text: 'impresora', mark: true },
      { text: ' no enciende', mark: false },
    ]);
  });

  it('handles several matches, one at each end', () => {
    expect(highlightSegments('«falla» de la «red»')).toEqual([
      { text: 'falla', mark: true },
      { text: ' de la ', mark: false },
      { text: 'red', mark: true },
    ]);
  });

  it('keeps markup-looking text as plain text (never HTML)', () => {
    const segments = highlightSegments('<img src=x onerror=alert(1)> «<b>» fin');
    expect(segments).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mark: false },
      { text: '<b>', mark: true },
      { text: ' fin', mark: false },
    ]);
  });

  it('leaves an unclosed « and a stray » as they are', () => {
    expect(highlightSegments('cotización » de «impresoras')).toEqual([
      { text: 'cotización » de «impresoras', mark: false },
    ]);
    expect(highlightSegments('«red» y «wifi')).toEqual([
      { text: 'red', mark: true },
      { text: ' y «wifi', mark: false },
    ]);
  });

  it('drops empty matches and returns nothing for an empty excerpt', () => {
    expect(highlightSegments('')).toEqual([]);
    expect(highlightSegments('a«»b')).toEqual([{ text: 'ab', mark: false }]);
  });
});
