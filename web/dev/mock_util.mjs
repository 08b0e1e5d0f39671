// Small helpers for the development mock server (never embedded).

// RFC 4180-ish CSV: quoted fields, doubled quotes, CRLF or LF. Drops blank lines.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

function distance(a, b) {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[B.length];
}

// The closest name, if it is reasonably close.
export function closest(name, names) {
  let best = '';
  let bestD = Infinity;
  for (const n of names) {
    const d = distance(name, n);
    if (d < bestD) { bestD = d; best = n; }
  }
  return bestD <= Math.max(1, Math.floor([...name].length / 2)) ? best : '';
}

// The part named "file" of a multipart/form-data body: {filename, content: Buffer}.
export function multipartFile(contentType, body) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType || '');
  if (!m) return null;
  const boundary = Buffer.from('--' + (m[1] || m[2]));
  let start = body.indexOf(boundary);
  while (start >= 0) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next < 0) break;
    const part = body.subarray(start + boundary.length + 2, next - 2); // skip CRLF after boundary, before next
    const split = part.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = part.subarray(0, split).toString('utf8');
      if (/name="file"/.test(head)) {
        const fn = /filename\*=UTF-8''([^;\r\n]+)/i.exec(head);
        const f = /filename="([^"]*)"/i.exec(head);
        const filename = fn ? decodeURIComponent(fn[1]) : f ? f[1] : '';
        return { filename: filename.split(/[\\/]/).pop(), content: part.subarray(split + 4) };
      }
    }
    start = next;
  }
  return null;
}
