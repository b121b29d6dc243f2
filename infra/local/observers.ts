/**
 * Optional observers of what the local cloud does, for measurements that count operations
 * (the cost model, bench/cost): every finished Lambda invocation, every entry put on the bus and
 * every request to the AWS protocol endpoint. Nothing in the local cloud depends on them; with
 * no observer installed each notification is a loop over an empty set.
 */

/** One finished invocation of a local function (successful or not). */
export interface InvocationObservation {
  readonly functionId: string;
  readonly memoryMb: number;
  /** Wall-clock milliseconds of the handler on this machine (not Lambda's billed duration). */
  readonly durationMs: number;
}

/** One entry given to PutEvents, with the bytes EventBridge meters it by. */
export interface BusEntryObservation {
  readonly source: string;
  readonly detailType: string;
  readonly bytes: number;
}

/** One request to the AWS protocol endpoint: `Service.Operation` and its JSON input. */
export interface AwsRequestObservation {
  readonly target: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export interface LocalCloudObserver {
  invocation?(observation: InvocationObservation): void;
  busEntry?(observation: BusEntryObservation): void;
  awsRequest?(observation: AwsRequestObservation): void;
}

const observers = new Set<LocalCloudObserver>();

/** Installs an observer; the returned function removes it. */
export function observeLocalCloud(observer: LocalCloudObserver): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

export function notifyInvocation(observation: InvocationObservation): void {
  for (const observer of observers) observer.invocation?.(observation);
}

export function notifyBusEntry(observation: BusEntryObservation): void {
  for (const observer of observers) observer.busEntry?.(observation);
}

export function notifyAwsRequest(observation: AwsRequestObservation): void {
  for (const observer of observers) observer.awsRequest?.(observation);
}
