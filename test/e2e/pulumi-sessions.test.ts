/**
 * The Pulumi components' objects in real BGP sessions: every case of the matrix (generated
 * passwords for the default policy and every router profile, passed-in, 80-byte, existing and
 * shared secrets, a wrong router password, the Role or RoleBinding removed) runs as a program under
 * Pulumi mocks; the calico-node emulator reads the registered objects, a node-side BIRD peers with
 * BIRD, FRR and GoBGP routers configured from the library's router export with the component's
 * `password` secret output. The mesh cases and the example program's mesh run between two
 * node-side BIRDs. (Pulumi keeps entropy in state instead of deriving from a seed, so the seed
 * cases are cdk8s-only.)
 */
import { describeE2E } from './support/env';
import { pulumiAdapter } from './support/pulumi-emitter';
import { defineSessionSuite } from './support/session-suite';

describeE2E('Pulumi objects in real BGP sessions', () => {
  defineSessionSuite(pulumiAdapter);
}, { concurrent: true });
