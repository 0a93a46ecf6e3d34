export * from './types';
export * from './addresses';
export * from './password';
export * from './model';
export * from './render';
export * from './from-peers';
export { tomlString } from './gobgp';
export { junosString } from './junos';
