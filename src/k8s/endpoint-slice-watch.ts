// Watch the EndpointSlices of one Service (label kubernetes.io/service-name)
// with client-node's informer (list, then watch from the list's
// resourceVersion; a 410 relists). The informer stops on a connection error:
// restart it after a pause, so an API server restart never stops the bridge.
import { DiscoveryV1Api, makeInformer, type KubeConfig, type V1EndpointSlice } from '@kubernetes/client-node';

export interface SliceWatch {
  stop(): Promise<void>;
}

export interface SliceWatchOptions {
  namespace: string;
  service: string;
  /** Called with every slice of the Service after each change. */
  onChange(slices: readonly V1EndpointSlice[]): void;
  onError?(err: unknown): void;
  restartDelayMs?: number;
}

/** Resolves once the first list is in (or failed: the restart loop goes on). */
export async function watchEndpointSlices(kc: KubeConfig, o: SliceWatchOptions): Promise<SliceWatch> {
  const api = kc.makeApiClient(DiscoveryV1Api);
  const labelSelector = `kubernetes.io/service-name=${o.service}`;
  const path = `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(o.namespace)}/endpointslices`;
  const informer = makeInformer<V1EndpointSlice>(kc, path, () => api.listNamespacedEndpointSlice({ namespace: o.namespace, labelSelector }), labelSelector);
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const publish = (): void => {
    if (!stopped) o.onChange(informer.list(o.namespace));
  };
  informer.on('add', publish);
  informer.on('update', publish);
  informer.on('delete', publish);
  informer.on('error', (err: unknown) => {
    if (stopped) return;
    o.onError?.(err);
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      if (!stopped) informer.start().then(publish, (e: unknown) => o.onError?.(e));
    }, o.restartDelayMs ?? 1_000);
    restartTimer.unref();
  });
  try {
    await informer.start();
  } catch (err) {
    o.onError?.(err);
  }
  publish();
  return {
    async stop() {
      stopped = true;
      clearTimeout(restartTimer);
      await informer.stop();
    },
  };
}
