/**
 * The composition rules (lib/calico/composition.ts): how peers, shared secrets and mesh passwords
 * may be put together. Each case asserts the exact problems (field, rule, message) the core reports
 * for plain inputs, and the accepted twin of each refused form; the cdk8s and Pulumi skins only
 * translate their props into these inputs (test/engines-parity/composition-rules.test.ts checks they do).
 */
import { describe, expect, it } from 'vitest';
import {
  KubeObject,
  Problem,
  buildSecretReaderRole,
  checkKeyPerPeer,
  checkNameCollisions,
  checkSharedSecretExclusive,
  checkSharedSecretInstall,
  checkSharedSecretTarget,
  checkSingleMeshPassword,
  checkSourceNamesSecret,
  resolveInstall,
} from '../../support/core';

const P = (field: string, rule: string, message: string): Problem => ({ field, rule, message });
const OPERATOR = resolveInstall('operator');
const MANIFEST = resolveInstall('manifest');

describe('checkSharedSecretExclusive', () => {
  it('GIVEN a peer with a shared secret setting password, secretName and secretKey WHEN checked THEN one problem per prop, under that prop', () => {
    // GIVEN / WHEN
    const problems = checkSharedSecretExclusive({ password: {}, secretName: 'mine', secretKey: 'pw' });
    // THEN
    expect(problems).toEqual(['password', 'secretName', 'secretKey'].map((prop) => P(prop, 'compose.shared-secret-exclusive',
      `Only one of '${prop}' and 'sharedSecret' may be set: the shared secret holds the password.`)));
  });

  it('GIVEN only secretKey set WHEN checked THEN only secretKey is reported', () => {
    expect(checkSharedSecretExclusive({ secretKey: 'pw' })).toEqual([P('secretKey', 'compose.shared-secret-exclusive',
      'Only one of \'secretKey\' and \'sharedSecret\' may be set: the shared secret holds the password.')]);
  });

  it('GIVEN none of the props set (undefined counts as unset) WHEN checked THEN no problem', () => {
    expect(checkSharedSecretExclusive({ password: undefined, secretName: undefined })).toEqual([]);
    expect(checkSharedSecretExclusive({})).toEqual([]);
  });

  it('GIVEN an object with other props (a whole peer spec) WHEN checked THEN only the three own props count', () => {
    expect(checkSharedSecretExclusive({ peerIP: '192.0.2.1', asNumber: 64512, secretName: '' } as never))
      .toEqual([P('secretName', 'compose.shared-secret-exclusive',
        'Only one of \'secretName\' and \'sharedSecret\' may be set: the shared secret holds the password.')]);
  });
});

describe('checkSharedSecretInstall', () => {
  it('GIVEN a peer install in calico-system and its shared Secret in kube-system WHEN checked THEN refused, naming both namespaces and the Secret', () => {
    expect(checkSharedSecretInstall({ install: OPERATOR, secretName: 'rack-md5', secretInstall: MANIFEST })).toEqual([P('install', 'compose.shared-secret-install',
      '\'install\' says calico-node runs in namespace \'calico-system\', but the peer\'s shared Secret \'rack-md5\' lives in \'kube-system\'; '
      + 'calico-node reads Secrets only in its own namespace. Use the same install for both.')]);
  });

  it('GIVEN a peer on the operator install and its shared Secret granted to ServiceAccount other-sa in the same namespace (and the reverse) WHEN checked THEN refused, naming both accounts', () => {
    // GIVEN a custom install in calico-system whose RoleBinding names other-sa
    const otherSa = resolveInstall({ namespace: 'calico-system', serviceAccount: 'other-sa' });
    // WHEN / THEN the namespace matches, the account does not: refused both ways
    expect(checkSharedSecretInstall({ install: OPERATOR, secretName: 'rack-md5', secretInstall: otherSa })).toEqual([P('install', 'compose.shared-secret-install',
      '\'install\' says calico-node runs as ServiceAccount \'calico-node\', but the peer\'s shared Secret \'rack-md5\' is granted to \'other-sa\' by its RoleBinding; '
      + 'calico-node could not read it and would peer without a password. Use the same install for both.')]);
    expect(checkSharedSecretInstall({ install: otherSa, secretName: 'rack-md5', secretInstall: OPERATOR })).toEqual([P('install', 'compose.shared-secret-install',
      '\'install\' says calico-node runs as ServiceAccount \'other-sa\', but the peer\'s shared Secret \'rack-md5\' is granted to \'calico-node\' by its RoleBinding; '
      + 'calico-node could not read it and would peer without a password. Use the same install for both.')]);
  });

  it('GIVEN the same namespace through different install forms WHEN checked THEN accepted', () => {
    const custom = resolveInstall({ namespace: 'kube-system', serviceAccount: 'calico-node' });
    expect(checkSharedSecretInstall({ install: custom, secretName: 'rack-md5', secretInstall: MANIFEST })).toEqual([]);
  });

  it('GIVEN no install on the peer (it takes the secret\'s) WHEN checked THEN accepted', () => {
    expect(checkSharedSecretInstall({ secretName: 'rack-md5', secretInstall: MANIFEST })).toEqual([]);
  });
});

describe('checkSharedSecretTarget', () => {
  it('GIVEN a peer going elsewhere than its shared secret WHEN checked THEN refused under the joining prop, naming both targets', () => {
    expect(checkSharedSecretTarget({ secretName: 'rack-md5', peerTarget: 'provider \'b\'', secretTarget: 'provider \'a\'' })).toEqual([P('sharedSecret', 'compose.shared-secret-target',
      'The peer goes to provider \'b\', but its shared Secret \'rack-md5\' and the Secret\'s RBAC go to provider \'a\': they would land in different clusters, '
      + 'and calico-node would peer without a password. Declare the peer where its shared secret is.')]);
    expect(checkSharedSecretTarget({ field: 'provider', secretName: 'rack-md5', peerTarget: 'x', secretTarget: 'y' })[0].field).toBe('provider');
  });

  it('GIVEN no peer target (the secret\'s) WHEN checked THEN accepted', () => {
    expect(checkSharedSecretTarget({ secretName: 'rack-md5', secretTarget: 'provider \'a\'' })).toEqual([]);
  });
});

describe('checkKeyPerPeer', () => {
  const source = P('keyPerPeer', 'compose.key-per-peer-source', '\'keyPerPeer\' needs a generated password (BgpPassword.generate()): '
    + 'every key gets its own value, which a fixed value or an existing Secret cannot provide. Share one key instead, or generate.');
  const key = P('key', 'compose.key-per-peer-key',
    'Only one of \'key\' and \'keyPerPeer\' may be set: with \'keyPerPeer\' the keys are named after the peers.');

  it('GIVEN keyPerPeer with a source that cannot vary per key and a key WHEN checked THEN both problems, source first', () => {
    expect(checkKeyPerPeer({ keyPerPeer: true, distinctPerKey: false, key: 'pw' })).toEqual([source, key]);
  });

  it('GIVEN keyPerPeer with a generated source and no key WHEN checked THEN accepted', () => {
    expect(checkKeyPerPeer({ keyPerPeer: true, distinctPerKey: true })).toEqual([]);
  });

  it('GIVEN keyPerPeer with a generated source and a key WHEN checked THEN only the key is refused', () => {
    expect(checkKeyPerPeer({ keyPerPeer: true, distinctPerKey: true, key: 'pw' })).toEqual([key]);
  });

  it('GIVEN no keyPerPeer WHEN checked with any source and key THEN accepted (one shared key)', () => {
    expect(checkKeyPerPeer({ distinctPerKey: false, key: 'pw' })).toEqual([]);
    expect(checkKeyPerPeer({ keyPerPeer: false, distinctPerKey: false, key: 'pw' })).toEqual([]);
  });
});

describe('checkSourceNamesSecret', () => {
  const ref = { name: 'theirs', key: 'password' };
  const peerProblem = P('secretName', 'compose.source-names-secret',
    'The password source names the Secret itself (BgpPassword.fromExistingSecret: \'theirs\', key \'password\'); leave \'secretName\' and \'secretKey\' unset.');

  it('GIVEN an existing Secret source and a different secretName WHEN checked THEN refused under secretName, naming the source\'s Secret', () => {
    expect(checkSourceNamesSecret({ sourceRef: ref, name: 'mine' })).toEqual([peerProblem]);
  });

  it('GIVEN an existing Secret source and a different secretKey only WHEN checked THEN refused, still under the name prop', () => {
    expect(checkSourceNamesSecret({ sourceRef: ref, key: 'pw' })).toEqual([peerProblem]);
  });

  it('GIVEN a unit whose props are name and key (BgpPasswordSecret) WHEN checked THEN the message and field use those props', () => {
    expect(checkSourceNamesSecret({ sourceRef: ref, name: 'mine', nameField: 'name', keyField: 'key' })).toEqual([P('name', 'compose.source-names-secret',
      'The password source names the Secret itself (BgpPassword.fromExistingSecret: \'theirs\', key \'password\'); leave \'name\' and \'key\' unset.')]);
  });

  it('GIVEN props equal to the source\'s name and key WHEN checked THEN accepted', () => {
    expect(checkSourceNamesSecret({ sourceRef: ref, name: 'theirs', key: 'password' })).toEqual([]);
  });

  it('GIVEN no source Secret (the unit names it) WHEN checked THEN any props are accepted', () => {
    expect(checkSourceNamesSecret({ name: 'mine', key: 'pw' })).toEqual([]);
  });
});

describe('checkSingleMeshPassword', () => {
  it('GIVEN an earlier MeshPassword WHEN checked THEN refused, naming it', () => {
    expect(checkSingleMeshPassword({ first: 'MeshPassword \'mesh-a\'' })).toEqual([P('MeshPassword', 'compose.single-mesh-password',
      'Only one MeshPassword may be declared: MeshPassword \'mesh-a\' already writes the BGPConfiguration \'default\', '
      + 'which holds the one node-to-node mesh password of the cluster. Remove one of them.')]);
  });

  it('GIVEN no earlier MeshPassword WHEN checked THEN accepted', () => {
    expect(checkSingleMeshPassword({})).toEqual([]);
  });
});

describe('checkNameCollisions', () => {
  const role = (name: string, namespace = 'calico-system'): KubeObject =>
    buildSecretReaderRole({ name, install: resolveInstall({ namespace, serviceAccount: 'calico-node' }), secretNames: ['s'] });
  const peer = (apiVersion: string): KubeObject => ({ apiVersion, kind: 'BGPPeer', metadata: { name: 'tor-1' } });
  const collision = (what: string, emitters: string) => P('name', 'compose.name-collision', `${what} is emitted more than once (by ${emitters}); `
    + 'applying them would let one overwrite the other. Give them distinct names (\'name\', \'secretName\'), or let the peers share one Secret '
    + 'through a BgpPasswordSecret (with BgpPassword.fromExistingSecret() for a Secret that already exists).');

  it('GIVEN three emitters of one namespaced Role WHEN checked THEN one problem naming all three in order', () => {
    const emitted = ['a/Role', 'b/Role', 'c/Role'].map((emitter) => ({ object: role('read-x'), emitter }));
    expect(checkNameCollisions(emitted)).toEqual([collision('Role \'calico-system/read-x\'', 'a/Role, b/Role, c/Role')]);
  });

  it('GIVEN one BGPPeer spelled in both Calico API groups WHEN checked THEN a collision (one stored object), without a namespace', () => {
    const emitted = [{ object: peer('projectcalico.org/v3'), emitter: 'SecuredBgpPeer \'a\'' }, { object: peer('crd.projectcalico.org/v1'), emitter: 'SecuredBgpPeer \'b\'' }];
    expect(checkNameCollisions(emitted)).toEqual([collision('BGPPeer \'tor-1\'',
      'SecuredBgpPeer \'a\', SecuredBgpPeer \'b\'')]);
  });

  it('GIVEN one emitter writing an object twice WHEN checked THEN it is named once', () => {
    const emitted = [{ object: role('read-x'), emitter: 'p' }, { object: role('read-x'), emitter: 'p' }];
    expect(checkNameCollisions(emitted)).toEqual([collision('Role \'calico-system/read-x\'', 'p')]);
  });

  it('GIVEN the same name in other namespaces or kinds WHEN checked THEN no collision', () => {
    const emitted = [{ object: role('read-x'), emitter: 'a' }, { object: role('read-x', 'kube-system'), emitter: 'b' },
      { object: { ...role('read-x'), kind: 'RoleBinding' }, emitter: 'c' }];
    expect(checkNameCollisions(emitted)).toEqual([]);
  });
});
