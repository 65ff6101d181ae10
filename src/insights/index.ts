// The CloudWatch Logs Insights query language, pure (no node, no vscode): its words for editors
// (vocabulary.ts), the parser with located errors, and the evaluator the local service runs.
export * from './vocabulary';
export type { Command, Expr, Projection, Query, Span } from './ast';
export { lex, type Token, type TokenKind } from './lex';
export { parseQuery, QueryError } from './parse';
export { QueryRun, type QueryOutput, type QueryStatistics, type ResultField, type RunOptions } from './run';
export { formatTimestamp } from './values';
