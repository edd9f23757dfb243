// OIDC provider ARNs as IAM writes them: arn:<partition>:iam::<12-digit account>:oidc-provider/<host[/path]>.
// What is wrong with one that is not, and which account a role or provider ARN belongs to.

export interface ProviderArn {
  partition: string;
  account: string;
  host: string;
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** The parts of a well-formed OIDC provider ARN, or what is wrong with it. */
export function parseProviderArn(text: string): { arn?: ProviderArn; problem?: string } {
  if (text !== text.trim()) return { problem: 'it has leading or trailing whitespace' };
  if (/oidc-provider\/https?:\/\//i.test(text))
    return { problem: 'the provider part starts with https://; IAM names providers by host only' };
  const parts = text.split(':');
  if (parts[0] !== 'arn') {
    return {
      problem:
        /^https?:\/\//i.test(text) || !text.includes(':')
          ? 'it is a URL or host name, not an ARN (arn:aws:iam::<account>:oidc-provider/<host>)'
          : 'it does not start with "arn:"',
    };
  }
  if (parts.length !== 6)
    return { problem: `it has ${parts.length - 1} colons where an ARN has 5 (arn:aws:iam::<account>:oidc-provider/<host>)` };
  const [, partition, service, region, account, resource] = parts;
  if (!PARTITIONS.includes(partition)) return { problem: `"${partition}" is not an AWS partition` };
  if (service !== 'iam') return { problem: `the service is "${service}", not "iam"` };
  if (region !== '') return { problem: `IAM ARNs have no region, but this one has "${region}"` };
  if (!/^\d{12}$/.test(account)) return { problem: `"${account}" is not a 12-digit account ID` };
  const m = /^oidc-provider\/(.*)$/.exec(resource);
  if (!m) return { problem: `"${resource.split('/')[0]}" is not "oidc-provider"` };
  const host = m[1];
  if (/^https?\/\//i.test(host) || /^https?:/i.test(host))
    return { problem: 'the provider part starts with a scheme; IAM names providers by host only' };
  if (!host) return { problem: 'it names no provider host' };
  if (host.endsWith('/')) return { problem: 'it ends with "/", which the provider name never has' };
  if (/\s/.test(host)) return { problem: 'the provider host has whitespace' };
  return { arn: { partition, account, host: host.toLowerCase() } };
}

/** The account of any IAM ARN (`arn:aws:iam::123456789012:role/x`), when it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):/.exec(arn ?? '');
  return m?.[1];
}
