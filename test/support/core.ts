/**
 * The core's internals, for tests: the package's root entry (lib/index.ts) exports only the public API,
 * while tests also exercise the helpers behind it (plans, field checks, the sampler, CEL builders).
 */
export * from '../../lib/errors';
export * from '../../lib/password';
export * from '../../lib/calico';
export * from '../../lib/router';
export * from '../../lib/external-secrets';
export * from '../../lib/audit';
export * from '../../lib/guardrail';
export * from '../../lib/source';
