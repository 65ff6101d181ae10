// Request bodies checked against the SDK's own model of each operation's input (the schemas that
// @aws-sdk/client-lambda ships and its serializers use), not against hand-written checks: a member of
// the wrong JSON type is refused before a handler sees it, as Lambda refuses it, instead of being
// coerced (`Publish: "yes"` must not publish). Only the members bound to the JSON body are checked;
// labels, query strings and headers are strings by construction, and blob payloads (Invoke) are not
// JSON. Unknown members are ignored, as Lambda ignores them.
import {
  AddLayerVersionPermission$,
  AddPermission$,
  CreateAlias$,
  CreateEventSourceMapping$,
  CreateFunction$,
  CreateFunctionUrlConfig$,
  PublishLayerVersion$,
  PublishVersion$,
  PutFunctionConcurrency$,
  PutFunctionEventInvokeConfig$,
  TagResource$,
  UpdateAlias$,
  UpdateEventSourceMapping$,
  UpdateFunctionCode$,
  UpdateFunctionConfiguration$,
  UpdateFunctionEventInvokeConfig$,
  UpdateFunctionUrlConfig$,
} from '@aws-sdk/client-lambda';
import { NormalizedSchema } from '@smithy/core/schema';
import { ServiceError } from '../seams';
import { parsedBody, type Req } from './types';

type OperationSchema = readonly [number, string, string, unknown, () => unknown, () => unknown];

/** The operations whose input has members in a JSON body. */
const OPERATIONS: Record<string, OperationSchema> = {
  AddLayerVersionPermission: AddLayerVersionPermission$,
  AddPermission: AddPermission$,
  CreateAlias: CreateAlias$,
  CreateEventSourceMapping: CreateEventSourceMapping$,
  CreateFunction: CreateFunction$,
  CreateFunctionUrlConfig: CreateFunctionUrlConfig$,
  PublishLayerVersion: PublishLayerVersion$,
  PublishVersion: PublishVersion$,
  PutFunctionConcurrency: PutFunctionConcurrency$,
  PutFunctionEventInvokeConfig: PutFunctionEventInvokeConfig$,
  TagResource: TagResource$,
  UpdateAlias: UpdateAlias$,
  UpdateEventSourceMapping: UpdateEventSourceMapping$,
  UpdateFunctionCode: UpdateFunctionCode$,
  UpdateFunctionConfiguration: UpdateFunctionConfiguration$,
  UpdateFunctionEventInvokeConfig: UpdateFunctionEventInvokeConfig$,
  UpdateFunctionUrlConfig: UpdateFunctionUrlConfig$,
} as unknown as Record<string, OperationSchema>;

const BINDINGS = ['httpLabel', 'httpQuery', 'httpHeader', 'httpPrefixHeaders', 'httpQueryParams', 'httpPayload', 'httpResponseCode'];

const inputs = new Map<string, NormalizedSchema>();
function inputOf(op: string): NormalizedSchema | undefined {
  const schema = OPERATIONS[op];
  if (!schema) return undefined;
  let input = inputs.get(op);
  if (!input) {
    input = NormalizedSchema.of(schema[4]() as never);
    inputs.set(op, input);
  }
  return input;
}

/** What a JSON value is, in the words of the message. */
function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'Array value';
  if (typeof v === 'object') return 'Object value';
  if (typeof v === 'string') return `String value (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
  if (typeof v === 'number') return `Number value (${v})`;
  return `Boolean value (${String(v)})`;
}

function expected(s: NormalizedSchema): string {
  if (s.isStructSchema()) return `object (${s.getName() ?? 'structure'})`;
  if (s.isListSchema()) return 'array';
  if (s.isMapSchema()) return 'object (map)';
  if (s.isBooleanSchema()) return 'boolean';
  if (s.isNumericSchema() || s.isBigIntegerSchema() || s.isBigDecimalSchema()) return 'number';
  if (s.isTimestampSchema()) return 'timestamp';
  return 'string';
}

/** The path of the first member whose JSON type the model does not allow, with what was expected; undefined when all fit. */
function mismatch(value: unknown, s: NormalizedSchema, path: string): string | undefined {
  if (value === null || value === undefined || s.isDocumentSchema()) return undefined;
  const bad = (): string => `${path}: expected ${expected(s)}, got ${kindOf(value)}`;
  if (s.isStructSchema() || s.isUnionSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) return bad();
    const obj = value as Record<string, unknown>;
    for (const [name, member] of s.structIterator()) {
      if (!(name in obj)) continue;
      const found = mismatch(obj[name], member, `${path}.${name}`);
      if (found) return found;
    }
    return undefined;
  }
  if (s.isListSchema()) {
    if (!Array.isArray(value)) return bad();
    const item = s.getValueSchema();
    for (let i = 0; i < value.length; i++) {
      const found = mismatch(value[i], item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (s.isMapSchema()) {
    if (typeof value !== 'object' || Array.isArray(value)) return bad();
    const item = s.getValueSchema();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const found = mismatch(v, item, `${path}.${k}`);
      if (found) return found;
    }
    return undefined;
  }
  if (s.isBooleanSchema()) return typeof value === 'boolean' ? undefined : bad();
  if (s.isNumericSchema() || s.isBigIntegerSchema() || s.isBigDecimalSchema()) return typeof value === 'number' && Number.isFinite(value) ? undefined : bad();
  if (s.isTimestampSchema()) return typeof value === 'number' || typeof value === 'string' ? undefined : bad();
  // Strings, enums and blobs (base64 text in JSON).
  return typeof value === 'string' ? undefined : bad();
}

/**
 * Checks an operation's JSON body against the SDK model of its input. Throws Lambda's 400
 * InvalidRequestContentException naming the member (its path from the top of the body) and what it
 * should be. Bodies that are not JSON objects are left to the handler's own parse, which says so.
 */
export function checkInputShape(op: string, req: Req): void {
  const input = inputOf(op);
  if (!input || req.body.length === 0) return;
  let parsed: unknown;
  try {
    parsed = parsedBody(req); // the handler reads the same parse
  } catch {
    return; // not JSON: the handler's own parse says so
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
  const obj = parsed as Record<string, unknown>;
  for (const [name, member] of input.structIterator()) {
    if (!(name in obj)) continue;
    const traits = member.getMergedTraits() as Record<string, unknown>;
    if (BINDINGS.some((b) => traits[b] !== undefined)) continue;
    const found = mismatch(obj[name], member, name);
    if (found) {
      throw new ServiceError(400, 'InvalidRequestContentException', `Could not parse request body into json: ${input.getName() ?? op}.${found}`);
    }
  }
}
