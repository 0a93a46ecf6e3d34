/**
 * The BGP password guardrail: a ValidatingAdmissionPolicy and its binding that make the API server
 * refuse unprotected BGP peerings. Framework-free; the cdk8s and Pulumi `BgpPasswordGuardrail`
 * emit what `buildBgpPasswordGuardrail` builds.
 */
export * from './props';
export * from './guardrail';
export { SELECTOR_PATTERN, SELECTOR_FIELDS } from './selector-cel';
export { floorPredicates, formatCodePoints, whitespaceCodePoints, FloorRuleId } from './floor-cel';
export { base64ContainsPattern, base64StartsWithPattern, base64EndsWithPattern, ByteSequence } from './base64-pattern';
