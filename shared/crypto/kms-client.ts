import { KMSClient } from '@aws-sdk/client-kms';

// One client per process (per Lambda container), created only when first needed.
let kmsClient: KMSClient | undefined;

/** The process's one KMS client: data keys and audit MACs share it. */
export function sharedKmsClient(): KMSClient {
  kmsClient ??= new KMSClient({});
  return kmsClient;
}
