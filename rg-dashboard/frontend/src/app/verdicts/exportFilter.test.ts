import { describe, expect, it } from 'vitest';
import { csvRecords, rejectedCsv, rejectedJsonl } from './exportFilter';

const HEADER = 'id,recorded_at,peer,request_id,accepted,reason_code,reasons,height\n';

describe('rejected-only export', () => {
  it('keeps the header and the rejected rows of the CSV, reading quoted fields whole', () => {
    const csv =
      HEADER +
      '1,2026-12-03T13:00:00Z,127.0.0.1:1,5,true,,,900000\n' +
      // A quoted peer holding a comma, a quote and a line break must not shift the accepted column.
      '2,2026-12-03T13:00:01Z,"odd, ""peer""\nname",6,false,template_too_old,template_too_old,900000\n' +
      '3,2026-12-03T13:00:02Z,127.0.0.1:1,7,false,weight_ratio_exceeded,weight_ratio_exceeded;template_too_old,900001\n';
    const kept = rejectedCsv(csv);
    expect(csvRecords(kept).map((r) => r.fields[0])).toEqual(['id', '2', '3']);
    expect(csvRecords(kept)[1]!.fields[2]).toBe('odd, "peer"\nname');
    expect(kept.startsWith(HEADER)).toBe(true);
  });

  it('refuses a CSV without an accepted column instead of exporting everything', () => {
    expect(() => rejectedCsv('id,peer\n1,x\n')).toThrow('no accepted column');
  });

  it('keeps the rejected lines of the JSON lines export', () => {
    const jsonl = ['{"id":1,"accepted":true}', '{"id":2,"accepted":false}', '', '{"id":3,"accepted":false}'].join('\n');
    expect(rejectedJsonl(jsonl)).toBe('{"id":2,"accepted":false}\n{"id":3,"accepted":false}\n');
  });
});
