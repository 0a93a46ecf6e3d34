/**
 * The cdk8s constructs' output in real BGP sessions: every case of the matrix (generated passwords
 * for the default policy and every router profile, derived, passed-in, 80-byte, existing and
 * shared secrets, a wrong router password, the Role or RoleBinding removed) is synthesized,
 * read by the calico-node emulator, rendered into a node-side BIRD and peered with BIRD, FRR and
 * GoBGP routers configured from the library's router export with the password copied out of the
 * synthesized Secret; the mesh cases and the example's mesh run between two node-side BIRDs.
 */
import { cdk8sAdapter } from './support/cdk8s-emitter';
import { describeE2E } from './support/env';
import { defineSessionSuite } from './support/session-suite';

describeE2E('cdk8s output in real BGP sessions', () => {
  defineSessionSuite(cdk8sAdapter);
}, { concurrent: true });
