/**
 * The password-source model both engines share: where a BGP password comes from (its options,
 * declared once), how a unit's Secret is resolved from it, and the public members every unit has.
 * Each engine's `BgpPassword` wraps a {@link PasswordSource} and only binds it to cdk8s or Pulumi.
 * (What an engine entry point re-exports from the core is `engine-exports.ts`, imported directly.)
 */
export * from './options';
export * from './password-source';
export * from './resolve';
export * from './members';
