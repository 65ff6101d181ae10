// Reading operation inputs the same way whatever the protocol: the query protocol gives strings and
// `member.N` lists (turned into arrays by protocol.ts), awsJson1_0 typed JSON with epoch-second times,
// rpc-v2-cbor typed values with tagged times. Bad values are CloudWatch's 400s.
import { ServiceError } from '../seams';

export function cwError(code: string, message: string, status = 400): ServiceError {
  return new ServiceError(status, code, message);
}

export function optString(input: Record<string, unknown>, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw cwError('InvalidParameterValue', `The parameter ${name} must be a string.`);
  return v;
}

export function reqString(input: Record<string, unknown>, name: string, path = name): string {
  const v = optString(input, name);
  if (v === undefined || v === '') throw cwError('MissingParameter', `The parameter ${path} is required.`);
  return v;
}

export function optNumber(input: Record<string, unknown>, name: string, path = name): number | undefined {
  const v = input[name];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw cwError('InvalidParameterValue', `The value ${String(v)} for parameter ${path} is not a number.`);
  return n;
}

export function optBool(input: Record<string, unknown>, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw cwError('InvalidParameterValue', `The value ${String(v)} for parameter ${name} must be true or false.`);
}

export function list(input: Record<string, unknown>, name: string): unknown[] {
  const v = input[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw cwError('InvalidParameterValue', `The parameter ${name} must be a list.`);
  return v;
}

export function struct(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A timestamp as epoch ms: ISO 8601 text (query), epoch seconds (JSON), a CBOR tag 1 (CBOR) or a Date. */
export function time(input: Record<string, unknown>, name: string): number {
  const v = input[name];
  if (v === undefined || v === null || v === '') throw cwError('MissingParameter', `The parameter ${name} is required.`);
  let ms = NaN;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number') ms = v * 1000;
  else if (typeof v === 'string') ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  else if (typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') ms = (v as { value: number }).value * 1000;
  if (!Number.isFinite(ms))
    throw cwError('InvalidParameterValue', `The parameter ${name} must be a timestamp such as 2024-01-01T00:00:00Z, not '${String(v)}'.`);
  return ms;
}

export interface DimensionInput {
  Name: string;
  Value?: string;
}

export function dimensions(v: unknown[], path: string, valueRequired: boolean): DimensionInput[] {
  return v.map((d, i) => {
    const s = struct(d);
    const Name = reqString(s, 'Name', `${path}.member.${i + 1}.Name`);
    const Value = valueRequired ? reqString(s, 'Value', `${path}.member.${i + 1}.Value`) : optString(s, 'Value');
    return Value === undefined ? { Name } : { Name, Value };
  });
}
