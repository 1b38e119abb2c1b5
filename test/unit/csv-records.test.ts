import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../src/http/csv-records';

const cellsOf = (text: string) => {
  const read = csvRecords(text);
  if (!('records' in read)) throw new Error(`unreadable: ${JSON.stringify(read)}`);
  return read.records.map((record) => [record.line, ...record.cells]);
};

describe('csvRecords', () => {
  it.each([
    [
      'plain cells',
      'a,b,c\n1,2,3\n',
      [
        [1, 'a', 'b', 'c'],
        [2, '1', '2', '3'],
      ],
    ],
    [
      'no line break at the end',
      'a,b\n1,2',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    [
      'CRLF and lone CR',
      'a,b\r\n1,2\r3,4\r\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
        [3, '3', '4'],
      ],
    ],
    [
      'spaces around cells',
      ' a , b\n 1,2 \n',
      [
        [1, 'a', 'b'],
        [2, '1', '2'],
      ],
    ],
    ['a comma inside quotes', '"0,538", x\n', [[1, '0,538', 'x']]],
    ['spaces around a quoted cell', 'x,  "0,5"  ,y\n', [[1, 'x', '0,5', 'y']]],
    ['a doubled quote', '"say ""hi""",2\n', [[1, 'say "hi"', '2']]],
    [
      'a line break inside quotes',
      '"a\nb",c\nd,e\n',
      [
        [1, 'a\nb', 'c'],
        [3, 'd', 'e'],
      ],
    ],
    ['empty cells', ',,\n', [[1, '', '', '']]],
    ['an empty quoted cell', '""\n', [[1, '']]],
    [
      'blank lines, counted but not read',
      'a\n\n  \nb\n',
      [
        [1, 'a'],
        [4, 'b'],
      ],
    ],
    ['a byte order mark', '\uFEFFa,b\n', [[1, 'a', 'b']]],
    ['nothing at all', '', []],
  ])('reads %s', (_name, text, expected) => {
    expect(cellsOf(text)).toEqual(expected);
  });

  it.each([
    [
      'an unclosed quote, on its line',
      'a\nb\n"0,5, 1\n2\n',
      { line: 3, problem: 'a quoted cell is not closed' },
    ],
    [
      'text after a closing quote',
      'a\n"0,5"x,1\n',
      { line: 2, problem: expect.stringContaining('text follows') },
    ],
  ])('refuses %s', (_name, text, expected) => {
    expect(csvRecords(text)).toEqual(expected);
  });
});
