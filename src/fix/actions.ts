// A change is data (what to call, with what), described for the plan and run against IAM
// elsewhere; the fix and the rollback both produce lists of them.
import type { AwsSession } from './aws.js';

export type Action =
  | { kind: 'create-provider'; url: string; clientIds: string[]; thumbprints: string[] }
  | { kind: 'update-thumbprints'; arn: string; from: string[]; to: string[] }
  | { kind: 'add-client-id'; arn: string; clientId: string }
  | { kind: 'remove-client-id'; arn: string; clientId: string }
  | { kind: 'delete-provider'; arn: string }
  | { kind: 'create-role'; name: string; path: string; trust: string }
  | { kind: 'update-trust'; name: string; from: string; to: string }
  | { kind: 'attach-policy'; role: string; policyArn: string }
  | { kind: 'detach-policy'; role: string; policyArn: string }
  | { kind: 'delete-role'; name: string };

const short = (arn: string) => arn.replace(/^arn:[^:]+:iam::[^:]*:/, '');

/** One line per action, for the plan and for "changed / not changed". */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'create-provider':
      return `create OIDC provider https://${a.url.replace(/^https:\/\//, '')} (client IDs ${a.clientIds.join(', ')}; thumbprints ${a.thumbprints.join(', ') || 'none'})`;
    case 'update-thumbprints':
      return `set the thumbprints of ${short(a.arn)}: ${a.from.join(', ') || 'none'} → ${a.to.join(', ')}`;
    case 'add-client-id':
      return `add client ID ${a.clientId} to ${short(a.arn)}`;
    case 'remove-client-id':
      return `remove client ID ${a.clientId} from ${short(a.arn)}`;
    case 'delete-provider':
      return `delete ${short(a.arn)}`;
    case 'create-role':
      return `create role ${a.name}`;
    case 'update-trust':
      return `update the trust policy of role ${a.name}`;
    case 'attach-policy':
      return `attach ${short(a.policyArn)} to role ${a.role}`;
    case 'detach-policy':
      return `detach ${short(a.policyArn)} from role ${a.role}`;
    case 'delete-role':
      return `delete role ${a.name}`;
  }
}

/** The IAM action a change needs (for the policy in docs/live-accounts.md and for AccessDenied messages). */
export const IAM_ACTION: Record<Action['kind'], string> = {
  'create-provider': 'CreateOpenIDConnectProvider',
  'update-thumbprints': 'UpdateOpenIDConnectProviderThumbprint',
  'add-client-id': 'AddClientIDToOpenIDConnectProvider',
  'remove-client-id': 'RemoveClientIDFromOpenIDConnectProvider',
  'delete-provider': 'DeleteOpenIDConnectProvider',
  'create-role': 'CreateRole',
  'update-trust': 'UpdateAssumeRolePolicy',
  'attach-policy': 'AttachRolePolicy',
  'detach-policy': 'DetachRolePolicy',
  'delete-role': 'DeleteRole',
};

export async function runAction(s: AwsSession, a: Action): Promise<void> {
  const iam = await import('@aws-sdk/client-iam');
  const call = (fn: (abortSignal: AbortSignal) => Promise<unknown>) => s.call(IAM_ACTION[a.kind], fn);
  switch (a.kind) {
    case 'create-provider':
      return void (await call((abortSignal) =>
        s.iam.send(
          new iam.CreateOpenIDConnectProviderCommand({
            Url: `https://${a.url.replace(/^https:\/\//, '')}`,
            ClientIDList: a.clientIds,
            ThumbprintList: a.thumbprints,
          }),
          { abortSignal },
        ),
      ));
    case 'update-thumbprints':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: a.arn, ThumbprintList: a.to }), {
          abortSignal,
        }),
      ));
    case 'add-client-id':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: a.arn, ClientID: a.clientId }), {
          abortSignal,
        }),
      ));
    case 'remove-client-id':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: a.arn, ClientID: a.clientId }), {
          abortSignal,
        }),
      ));
    case 'delete-provider':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: a.arn }), { abortSignal }),
      ));
    case 'create-role':
      return void (await call((abortSignal) =>
        s.iam.send(
          new iam.CreateRoleCommand({
            RoleName: a.name,
            Path: a.path,
            AssumeRolePolicyDocument: a.trust,
            Description: 'HCP Terraform dynamic credentials (created by tfc-oidc-lint --fix)',
          }),
          { abortSignal },
        ),
      ));
    case 'update-trust':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.UpdateAssumeRolePolicyCommand({ RoleName: a.name, PolicyDocument: a.to }), { abortSignal }),
      ));
    case 'attach-policy':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.AttachRolePolicyCommand({ RoleName: a.role, PolicyArn: a.policyArn }), { abortSignal }),
      ));
    case 'detach-policy':
      return void (await call((abortSignal) =>
        s.iam.send(new iam.DetachRolePolicyCommand({ RoleName: a.role, PolicyArn: a.policyArn }), { abortSignal }),
      ));
    case 'delete-role':
      return void (await call((abortSignal) => s.iam.send(new iam.DeleteRoleCommand({ RoleName: a.name }), { abortSignal })));
  }
}

export interface ApplyOutcome {
  done: Action[];
  /** The action that failed, with why, and the ones never tried. */
  failed?: { action: Action; error: Error };
  notDone: Action[];
}

/** Runs the actions in order and stops at the first failure. */
export async function applyActions(s: AwsSession, actions: Action[], onDone: (a: Action) => void = () => undefined): Promise<ApplyOutcome> {
  const done: Action[] = [];
  for (let i = 0; i < actions.length; i++) {
    try {
      await runAction(s, actions[i]);
    } catch (e) {
      return { done, failed: { action: actions[i], error: e as Error }, notDone: actions.slice(i + 1) };
    }
    done.push(actions[i]);
    onDone(actions[i]);
  }
  return { done, notDone: [] };
}
