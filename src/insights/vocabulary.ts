// The CloudWatch Logs Insights query language's words: commands, functions, keywords and the
// discovered fields of Lambda logs, each with a signature and a one-line description. Data only:
// the parser, the evaluator and the editor (colouring, completion, hover) all read these tables.
// Source: the CloudWatch Logs user guide ("CloudWatch Logs Insights language query syntax",
// "Boolean, comparison, numeric, datetime, and other functions", "Supported logs and discovered fields").

export interface InsightsCommand {
  readonly name: string;
  /** How it is written, e.g. `sort field [asc|desc], ...`. */
  readonly syntax: string;
  readonly description: string;
  /** Whether the local service runs it (the others parse but are refused with a clear message). */
  readonly local: boolean;
}

export type FunctionKind = 'string' | 'numeric' | 'datetime' | 'ip' | 'general' | 'json' | 'conversion' | 'stats' | 'nonstats';

export interface InsightsFunction {
  readonly name: string;
  readonly kind: FunctionKind;
  /** e.g. `substr(str: string, start: number, length?: number): string`. */
  readonly signature: string;
  readonly description: string;
  /** Fewest and most arguments (max -1: any number). */
  readonly minArgs: number;
  readonly maxArgs: number;
}

export interface DiscoveredField {
  readonly name: string;
  readonly description: string;
  /** Which log events carry it: every event, JSON lines, or Lambda platform lines. */
  readonly on: 'all' | 'lambda-report' | 'lambda-platform' | 'lambda';
}

export const COMMANDS: readonly InsightsCommand[] = [
  {
    name: 'fields',
    syntax: 'fields expr [as alias], ...',
    description: 'Keeps the given fields in the results; expressions and functions create new fields.',
    local: true,
  },
  { name: 'display', syntax: 'display field, ...', description: 'Shows only the given fields in the results (the last display wins).', local: true },
  {
    name: 'filter',
    syntax: 'filter condition',
    description: 'Keeps only the log events that match a condition (comparisons, like, =~, in, and/or/not).',
    local: true,
  },
  {
    name: 'stats',
    syntax: 'stats fn(expr) [as alias], ... [by expr [as alias], ...]',
    description: 'Aggregates log events into statistics, optionally grouped by fields or time bins (bin(5m)).',
    local: true,
  },
  { name: 'sort', syntax: 'sort field [asc|desc], ...', description: 'Sorts the results; desc is the default order.', local: true },
  { name: 'limit', syntax: 'limit n', description: 'Returns at most n results (without it, up to 10000).', local: true },
  {
    name: 'parse',
    syntax: 'parse field "glob * pattern" as a, b | parse field /(?<name>regex)/',
    description: 'Extracts fields from a field with a glob pattern (* wildcards) or a regular expression with named groups.',
    local: true,
  },
  { name: 'dedup', syntax: 'dedup field, ...', description: 'Removes results with the same values of the given fields, keeping the first one.', local: true },
  { name: 'unmask', syntax: 'unmask(field)', description: 'Shows masked data of a log event (needs the logs:Unmask permission).', local: false },
  { name: 'pattern', syntax: 'pattern field', description: 'Clusters log events into recurring patterns.', local: false },
  {
    name: 'diff',
    syntax: 'diff [previousDay|previousWeek|previousMonth]',
    description: 'Compares the log patterns of this period with the previous period of the same length.',
    local: false,
  },
  { name: 'anomaly', syntax: 'anomaly', description: 'Finds unusual patterns with machine learning (after pattern).', local: false },
  { name: 'unnest', syntax: 'unnest field into alias', description: 'Flattens a list into one row per element.', local: false },
  { name: 'filterIndex', syntax: 'filterIndex field = value', description: 'Scans only the log groups whose field index holds the value.', local: false },
  { name: 'lookup', syntax: 'lookup table key OUTPUT fields', description: 'Enriches results with the fields of a lookup table.', local: false },
  { name: 'SOURCE', syntax: 'SOURCE logGroups(namePrefix: [...])', description: 'Selects the log groups to query (CLI and API only).', local: false },
];

/** Words with a meaning inside commands (not function names). */
export const KEYWORDS: readonly string[] = ['as', 'by', 'asc', 'desc', 'and', 'or', 'not', 'like', 'in', 'true', 'false'];

/** Operators, in the order the lexer tries them (longest first). */
export const OPERATORS: readonly string[] = ['=~', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '^', '%'];

/** Time units of bin() and datetime arithmetic, and their length in milliseconds (months and years: not fixed). */
export const TIME_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
  mo: 2_592_000_000,
  month: 2_592_000_000,
  months: 2_592_000_000,
  q: 7_776_000_000,
  quarter: 7_776_000_000,
  quarters: 7_776_000_000,
  y: 31_536_000_000,
  year: 31_536_000_000,
  years: 31_536_000_000,
};

const f = (name: string, kind: FunctionKind, signature: string, description: string, minArgs: number, maxArgs: number): InsightsFunction => ({
  name,
  kind,
  signature,
  description,
  minArgs,
  maxArgs,
});

export const FUNCTIONS: readonly InsightsFunction[] = [
  // numeric
  f('abs', 'numeric', 'abs(a: number): number', 'Absolute value.', 1, 1),
  f('ceil', 'numeric', 'ceil(a: number): number', 'Rounds up to the smallest integer not below a.', 1, 1),
  f('floor', 'numeric', 'floor(a: number): number', 'Rounds down to the largest integer not above a.', 1, 1),
  f('greatest', 'numeric', 'greatest(a: number, ...numbers: number[]): number', 'The largest of the values.', 1, -1),
  f('least', 'numeric', 'least(a: number, ...numbers: number[]): number', 'The smallest of the values.', 1, -1),
  f('log', 'numeric', 'log(a: number): number', 'Natural logarithm.', 1, 1),
  f('sqrt', 'numeric', 'sqrt(a: number): number', 'Square root.', 1, 1),
  // datetime
  f('bin', 'datetime', 'bin(period: Period): Timestamp', 'Rounds @timestamp down to the period (e.g. bin(5m)); used with stats ... by.', 1, 1),
  f('datefloor', 'datetime', 'datefloor(timestamp: Timestamp, period: Period): Timestamp', 'Truncates a timestamp down to the period.', 2, 2),
  f('dateceil', 'datetime', 'dateceil(timestamp: Timestamp, period: Period): Timestamp', 'Rounds a timestamp up to the period.', 2, 2),
  f('fromMillis', 'datetime', 'fromMillis(fieldName: number): Timestamp', 'Reads milliseconds since the epoch as a timestamp.', 1, 1),
  f('toMillis', 'datetime', 'toMillis(fieldName: Timestamp): number', 'A timestamp as milliseconds since the epoch.', 1, 1),
  f('now', 'datetime', 'now(): number', 'The time the query started, in seconds since the epoch.', 0, 0),
  // general
  f('ispresent', 'general', 'ispresent(fieldName: LogField): boolean', 'True when the field exists in the log event.', 1, 1),
  f('coalesce', 'general', 'coalesce(fieldName: LogField, ...fieldNames: LogField[]): LogField', 'The first value that is not null.', 1, -1),
  // JSON
  f('jsonParse', 'json', 'jsonParse(fieldName: string): map | list', 'Parses a field holding JSON into a map or a list.', 1, 1),
  f('jsonStringify', 'json', 'jsonStringify(fieldName: map | list): string', 'Writes a map or a list as a JSON string.', 1, 1),
  // IP
  f('isValidIp', 'ip', 'isValidIp(fieldName: string): boolean', 'True when the field is a valid IPv4 or IPv6 address.', 1, 1),
  f('isValidIpV4', 'ip', 'isValidIpV4(fieldName: string): boolean', 'True when the field is a valid IPv4 address.', 1, 1),
  f('isValidIpV6', 'ip', 'isValidIpV6(fieldName: string): boolean', 'True when the field is a valid IPv6 address.', 1, 1),
  f('isIpInSubnet', 'ip', 'isIpInSubnet(fieldName: string, subnet: string): boolean', 'True when the address is in the CIDR subnet (v4 or v6).', 2, 2),
  f('isIpv4InSubnet', 'ip', 'isIpv4InSubnet(fieldName: string, subnet: string): boolean', 'True when the IPv4 address is in the CIDR subnet.', 2, 2),
  f('isIpv6InSubnet', 'ip', 'isIpv6InSubnet(fieldName: string, subnet: string): boolean', 'True when the IPv6 address is in the CIDR subnet.', 2, 2),
  // string
  f('isempty', 'string', 'isempty(fieldName: string): boolean', 'True when the field is missing or an empty string.', 1, 1),
  f('isblank', 'string', 'isblank(fieldName: string): boolean', 'True when the field is missing, empty or only white space.', 1, 1),
  f('concat', 'string', 'concat(str: string, ...strings: string[]): string', 'Joins the strings.', 1, -1),
  f('ltrim', 'string', 'ltrim(str: string, trimChars?: string): string', 'Removes white space (or the given characters) from the left.', 1, 2),
  f('rtrim', 'string', 'rtrim(str: string, trimChars?: string): string', 'Removes white space (or the given characters) from the right.', 1, 2),
  f('trim', 'string', 'trim(str: string, trimChars?: string): string', 'Removes white space (or the given characters) from both ends.', 1, 2),
  f('strlen', 'string', 'strlen(str: string): number', 'Length of the string in Unicode code points.', 1, 1),
  f('toupper', 'string', 'toupper(str: string): string', 'Converts to upper case.', 1, 1),
  f('tolower', 'string', 'tolower(str: string): string', 'Converts to lower case.', 1, 1),
  f(
    'substr',
    'string',
    'substr(str: string, startIndex: number, length?: number): string',
    'The substring from a zero-based index, to the end or of the given length.',
    2,
    3,
  ),
  f('replace', 'string', 'replace(fieldName: string, searchValue: string, replaceValue: string): string', 'Replaces every occurrence of searchValue.', 3, 3),
  f('strcontains', 'string', 'strcontains(str: string, searchValue: string): number', '1 when the string contains searchValue, else 0.', 2, 2),
  // conversion
  f('tonumber', 'conversion', 'tonumber(str: string): number', 'Reads a string as a number.', 1, 1),
  f('tostring', 'conversion', 'tostring(value): string', 'Writes a value as a string.', 1, 1),
  f('totimestamp', 'conversion', 'totimestamp(str: string): Timestamp', 'Reads an ISO 8601 string or milliseconds as a timestamp.', 1, 1),
  // stats (aggregation)
  f('avg', 'stats', 'avg(fieldName: NumericLogField): number', 'The average of the values.', 1, 1),
  f('count', 'stats', 'count(fieldName?: LogField | *): number', 'The number of log events (count(*)), or of events where the field is present.', 0, 1),
  f('count_distinct', 'stats', 'count_distinct(fieldName: LogField): number', 'The number of distinct values of the field.', 1, 1),
  f('max', 'stats', 'max(fieldName: LogField): LogFieldValue', 'The largest value.', 1, 1),
  f('min', 'stats', 'min(fieldName: LogField): LogFieldValue', 'The smallest value.', 1, 1),
  f('pct', 'stats', 'pct(fieldName: NumericLogField, percent: number): number', 'The value at the given percentile (e.g. pct(@duration, 95)).', 2, 2),
  f('stddev', 'stats', 'stddev(fieldName: NumericLogField): number', 'The standard deviation of the values.', 1, 1),
  f('sum', 'stats', 'sum(fieldName: NumericLogField): number', 'The sum of the values.', 1, 1),
  // non-aggregating stats functions
  f('earliest', 'nonstats', 'earliest(fieldName: LogField): LogField', 'The value of the field in the event with the earliest timestamp.', 1, 1),
  f('latest', 'nonstats', 'latest(fieldName: LogField): LogField', 'The value of the field in the event with the latest timestamp.', 1, 1),
  f('sortsFirst', 'nonstats', 'sortsFirst(fieldName: LogField): LogField', 'The value that sorts first.', 1, 1),
  f('sortsLast', 'nonstats', 'sortsLast(fieldName: LogField): LogField', 'The value that sorts last.', 1, 1),
];

/** Functions by lower-case name (the language's names are case-insensitive). */
export const FUNCTIONS_BY_NAME: ReadonlyMap<string, InsightsFunction> = new Map(FUNCTIONS.map((fn) => [fn.name.toLowerCase(), fn]));

/** Command names by lower-case name. */
export const COMMANDS_BY_NAME: ReadonlyMap<string, InsightsCommand> = new Map(COMMANDS.map((c) => [c.name.toLowerCase(), c]));

export const DISCOVERED_FIELDS: readonly DiscoveredField[] = [
  { name: '@timestamp', description: 'When the event happened (the timestamp of the log event).', on: 'all' },
  { name: '@message', description: 'The raw, unparsed log event.', on: 'all' },
  { name: '@logStream', description: 'The name of the log stream the event was added to.', on: 'all' },
  { name: '@log', description: 'The log group, as account-id:log-group-name.', on: 'all' },
  { name: '@ingestionTime', description: 'When CloudWatch Logs received the event.', on: 'all' },
  { name: '@ptr', description: 'A reference to the log event, for GetLogRecord.', on: 'all' },
  { name: '@type', description: 'The Lambda platform line type: START, END or REPORT.', on: 'lambda-platform' },
  { name: '@requestId', description: 'The request id of the invocation.', on: 'lambda' },
  { name: '@duration', description: 'The invocation time in milliseconds (REPORT lines).', on: 'lambda-report' },
  { name: '@billedDuration', description: 'The billed time in milliseconds (REPORT lines).', on: 'lambda-report' },
  { name: '@memorySize', description: 'The configured memory, in bytes (REPORT lines).', on: 'lambda-report' },
  { name: '@maxMemoryUsed', description: 'The most memory used, in bytes (REPORT lines).', on: 'lambda-report' },
  { name: '@initDuration', description: 'The cold-start initialization time in milliseconds (REPORT lines of a cold start).', on: 'lambda-report' },
  { name: '@xrayTraceId', description: 'The X-Ray trace id (REPORT lines of traced invocations).', on: 'lambda-report' },
  { name: '@xraySegmentId', description: 'The X-Ray segment id (REPORT lines of traced invocations).', on: 'lambda-report' },
];

/** The query's limits as CloudWatch documents them. */
export const LIMITS = {
  /** Rows a query without `limit` returns at most (the CloudWatch docs: "as many as 10,000"). */
  defaultRows: 10_000,
  /** The most rows a query returns. */
  maxRows: 10_000,
  /** The most log groups one query may name. */
  maxLogGroups: 50,
  /** The longest query string. */
  maxQueryLength: 10_000,
} as const;
