// The verifier's export filters by one outcome (a reason code or "accepted") but has no "rejected, any reason";
// for that filter the dashboard downloads the export of every outcome and keeps the rejections itself.

/** The records of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export function csvRecords(text: string): { raw: string; fields: string[] }[] {
  const records: { raw: string; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      fields.push(field);
      records.push({ raw: text.slice(start, i + 1), fields });
      fields = [];
      field = '';
      start = i + 1;
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (start < text.length) {
    fields.push(field);
    records.push({ raw: text.slice(start), fields });
  }
  return records;
}

/** The CSV export with only its rejected rows (the header kept), by its `accepted` column. */
export function rejectedCsv(text: string): string {
  const records = csvRecords(text);
  const header = records[0];
  if (header === undefined) return '';
  const column = header.fields.indexOf('accepted');
  if (column < 0) throw new Error('the export has no accepted column');
  return [header, ...records.slice(1).filter((r) => r.fields[column] === 'false')].map((r) => r.raw).join('');
}

/** The JSON-lines export with only its rejected verdicts. */
export function rejectedJsonl(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && (JSON.parse(line) as { accepted?: unknown }).accepted === false)
    .map((line) => `${line}\n`)
    .join('');
}
