export * from './floor';
export * from './sampler';
export * from './policy-props';
export * from './policy';
export * from './routers';
export * from './derive';
export * from './seed';
export * from './seed-entropy';
