import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

// One client per process (per Lambda container), created only when first needed.
let secretsClient: SecretsManagerClient | undefined;

/** The process's one Secrets Manager client (the blind-index key's). */
export function sharedSecretsClient(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient({});
  return secretsClient;
}
