/**
 * external-secrets sources: a BGP password generated in the cluster by the external-secrets
 * `Password` generator, or pulled from the user's secret store, so no password is written to Git.
 */
export * from './generator-spec';
export * from './rotation';
export * from './manifests';
export * from './sources';
export * from './options';
