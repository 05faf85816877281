export * from './complainant';
export * from './timeLimit';
export * from './scope';
export * from './routing';
export * from './deadlinesFor';
export * from './helpers';
