// Follow the EndpointSlices of one Service (label kubernetes.io/service-name):
// list, then watch from the list's resourceVersion; every event moves the
// version on, so a dropped watch resumes where it was. 410 Gone (the version
// was compacted away) relists. Any failure waits with backoff and tries again:
// an API server restart never stops the bridge. BOOKMARK events only carry a
// newer version.
import type { IncomingMessage } from 'node:http';
import type { LiteKubeConfig } from './config.js';
import { KubeApiError, kubeRequest, openRequest } from './request.js';
import { LineSplitter } from './watch-lines.js';

export interface SliceWatch {
  stop(): Promise<void>;
}

/** The fields of an EndpointSlice that say which pod serves on which port (what a caller choosing a pod reads). */
export interface EndpointSliceView {
  addressType?: string;
  ports?: { name?: string; port?: number; protocol?: string }[];
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    nodeName?: string;
    targetRef?: { name?: string };
  }[];
}

/** An EndpointSlice as the API sends it (JSON). */
export interface EndpointSliceObject extends EndpointSliceView {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export interface SliceWatchOptions {
  namespace: string;
  service: string;
  /** Called with every slice of the Service after each change. */
  onChange(slices: readonly EndpointSliceObject[]): void;
  onError?(err: unknown): void;
  /** First retry delay; doubles per failure up to maxRestartDelayMs (default 1 s .. 30 s). */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Server-side watch timeout (default 240..300 s, random so replicas do not reconnect in step). */
  watchTimeoutSeconds?: number;
}

interface WatchEvent {
  type?: string;
  object?: EndpointSliceObject & { code?: number; message?: string; kind?: string };
}

/** Resolves once the first list is in (or failed: the retry loop goes on). */
export async function watchEndpointSlices(config: LiteKubeConfig, o: SliceWatchOptions): Promise<SliceWatch> {
  const path = `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(o.namespace)}/endpointslices`;
  const labelSelector = `kubernetes.io/service-name=${o.service}`;
  const baseDelay = o.restartDelayMs ?? 1_000;
  const maxDelay = Math.max(baseDelay, o.maxRestartDelayMs ?? 30_000);
  const slices = new Map<string, EndpointSliceObject>();
  let resourceVersion: string | undefined;
  let stopped = false;
  let delay = baseDelay;
  let timer: NodeJS.Timeout | undefined;
  let current: { destroy(): void } | undefined;

  const publish = (): void => {
    if (!stopped) o.onChange([...slices.values()]);
  };
  const fail = (err: unknown): void => {
    if (stopped) return;
    o.onError?.(err);
    clearTimeout(timer);
    timer = setTimeout(() => void (resourceVersion === undefined ? list() : watch()), delay);
    timer.unref();
    delay = Math.min(maxDelay, delay * 2);
  };

  const list = async (): Promise<void> => {
    if (stopped) return;
    try {
      const body = await kubeRequest<{ metadata?: { resourceVersion?: string }; items?: EndpointSliceObject[] }>(
        config,
        { path, query: { labelSelector } },
      );
      if (stopped) return;
      slices.clear();
      for (const item of body.items ?? []) slices.set(item.metadata?.name ?? '', item);
      resourceVersion = body.metadata?.resourceVersion ?? '';
      publish();
      void watch();
    } catch (err) {
      resourceVersion = undefined;
      fail(err);
    }
  };

  const watch = (): void => {
    if (stopped) return;
    const timeoutSeconds = o.watchTimeoutSeconds ?? 240 + Math.floor(Math.random() * 60);
    const { req } = openRequest(config, {
      path,
      query: {
        labelSelector,
        watch: 'true',
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(timeoutSeconds),
        resourceVersion: resourceVersion || undefined,
      },
    });
    current = req;
    const openedAt = Date.now();
    let sawEvent = false;
    let finished = false;
    const finish = (err?: unknown, relist = false): void => {
      if (finished) return;
      finished = true;
      req.destroy();
      if (current === req) current = undefined;
      if (stopped) return;
      if (relist) {
        resourceVersion = undefined;
        void list();
      } else if (err) fail(err);
      // The server ended the watch (its timeout): resume from where we are, unless it closes every watch at once (no spinning).
      else if (!sawEvent && Date.now() - openedAt < 1_000)
        fail(new Error('EndpointSlice watch: the API server closed the watch at once'));
      else void watch();
    };
    // A silent half-dead connection: the server ends a watch after timeoutSeconds, so silence well past that means it is gone.
    req.setTimeout((timeoutSeconds + 30) * 1000, () =>
      finish(new Error('EndpointSlice watch: no data and no close past its timeout')),
    );
    req.on('error', (err) => finish(err));
    req.on('response', (res: IncomingMessage) => {
      if (res.statusCode === 410) return finish(undefined, true);
      if (res.statusCode !== 200) {
        res.resume();
        return finish(new KubeApiError(res.statusCode ?? 0, undefined, `watch ${path}`));
      }
      const lines = new LineSplitter();
      res.on('data', (chunk: Buffer) => {
        if (finished) return;
        try {
          for (const line of lines.push(chunk)) if (!apply(JSON.parse(line) as WatchEvent)) return;
        } catch (err) {
          finish(err);
        }
      });
      res.on('end', () => finish());
      res.on('error', (err) => finish(err));
      res.on('close', () => finish());
    });

    /** false: the watch is over (an ERROR event). */
    const apply = (e: WatchEvent): boolean => {
      const obj = e.object;
      sawEvent = true;
      if (e.type === 'ERROR') {
        if (obj?.code === 410) finish(undefined, true);
        else finish(new KubeApiError(obj?.code ?? 0, obj, `watch ${path}`));
        return false;
      }
      const rv = obj?.metadata?.resourceVersion;
      if (rv) resourceVersion = rv;
      delay = baseDelay; // events flow again: the next failure starts from the short delay
      const name = obj?.metadata?.name;
      if (!obj || name === undefined) return true;
      if (e.type === 'ADDED' || e.type === 'MODIFIED') slices.set(name, obj);
      else if (e.type === 'DELETED') slices.delete(name);
      else return true; // BOOKMARK and anything newer: only the version matters
      publish();
      return true;
    };
  };

  await list();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      current?.destroy();
      current = undefined;
    },
  };
}
