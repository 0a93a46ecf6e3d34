export * from './types';
export * from './versions';
export * from './fields';
export * from './rules';
export * from './install';
export * from './manifests';
export * from './plan';
export * from './composition';
