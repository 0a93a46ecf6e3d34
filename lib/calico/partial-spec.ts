import { Problem } from '../errors';

// A spec some of whose fields are known only later (a Pulumi Output): what can be said now.

/**
 * The rules of `checkBgpPeerSpec` and `checkBgpConfigurationSpec` that an unset field can break:
 * one of several fields is required, a field needs another, a name must be defined elsewhere.
 * Every other rule is broken only by fields that are set (a bad value, two fields that exclude
 * each other, a field newer than the release), so what it finds among the known fields holds
 * whatever values the others take.
 */
const RULES_AN_UNSET_FIELD_BREAKS: ReadonlySet<string> = new Set([
  'calico.peer-target',
  'calico.local-workload-as',
  'calico.reachable-by-peer-ip',
  'calico.communities-unused',
  'calico.community-undefined',
]);

/**
 * The problems that hold for a spec whose fields known only later were left out of the check
 * (`problems`, as the unit's check found them on the known fields): every problem except those
 * of a rule an unset field can break, which wait for the complete spec.
 *
 * @internal
 */
export function problemsOfKnownFields(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => !RULES_AN_UNSET_FIELD_BREAKS.has(p.rule));
}
