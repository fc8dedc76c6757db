// Reads the real-server captures in test/fixtures/wire/ (see its README): the request line, then the
// raw response. Tests replay the requests against a profile and compare with what the real server sent.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Transcript {
  file: string;
  /** Path and query of the request, e.g. `/v1/models`. */
  path: string;
  /** The JSON text sent with -d; undefined for GET; null when the capture only describes it (<…>). */
  body: string | undefined | null;
  status: number;
  headers: Record<string, string>;
  responseBody: string;
}

export const WIRE_DIR = path.resolve(__dirname, '../fixtures/wire');

export function readTranscripts(folder: string): Transcript[] {
  const dir = path.join(WIRE_DIR, folder);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.http')).sort().map((file) => parse(file, fs.readFileSync(path.join(dir, file), 'utf8')));
}

function parse(file: string, text: string): Transcript {
  const [requestLine, ...rest] = text.split('\n');
  const request = /^### request: (\S+)(?: -H \S+ \S+)?(?: -d (.*))?$/.exec(requestLine);
  if (!request) throw new Error(`${file}: unreadable request line`);
  const raw = rest.join('\n').replace(/^\n/, '');
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0])?.[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const sent = request[2];
  return {
    file,
    path: new URL(request[1]).pathname,
    body: sent === undefined ? undefined : sent.startsWith('<') ? null : sent,
    status,
    headers,
    responseBody: raw.slice(split + 4),
  };
}

/** The data events of a streamed body, parsed (`[DONE]` kept as the string). */
export function dataEvents(body: string): unknown[] {
  return body.split('\n').filter((line) => line.startsWith('data: ')).map((line) => {
    const data = line.slice('data: '.length);
    return data === '[DONE]' ? data : JSON.parse(data);
  });
}

/** The shape of a JSON value: the same keys at every level, leaves replaced by their type. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return value === null ? 'null' : typeof value;
}
