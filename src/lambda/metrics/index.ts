// A function's CloudWatch metrics: queries (./query), paging (./fetch) and chart series (./series).
export * from './query';
export * from './series';
export * from './fetch';
export * from './errors';
export * from './qualifiers';
