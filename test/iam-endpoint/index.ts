// A local IAM / STS / Access Analyzer endpoint for the --fix and --aws tests.
export { ACCOUNT_ID, type Call, type Endpoint, TEST_ACCESS_KEY, TEST_ENV, startEndpoint, startSilentServer } from './server.js';
export { AccountState, AWS_MANAGED_POLICIES } from './state.js';
export { type CliRun, fixCli } from './cli.js';
