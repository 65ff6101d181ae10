// What the explorer keeps per connection: the resolved connection, the function and layer listers,
// each function's details, version listers and layer versions. Dropped whole when the connection is
// refreshed or its session ends. Every details load carries a generation, so a slow, older answer
// never overwrites a newer one.
import type { LambdaClient, LayerVersionsListItem } from '@aws-sdk/client-lambda';
import { FunctionLister, LayerLister, VersionLister, listLayerVersions, loadFunctionDetails, type FunctionDetails } from '../../lambda';
import type { Connection } from '../../core/types';

interface DetailsEntry {
  generation: number;
  promise: Promise<FunctionDetails>;
}

export class ConnectionCache {
  connection?: Connection;
  resolving?: Promise<Connection>;
  functions?: FunctionLister;
  layers?: LayerLister;
  readonly versions = new Map<string, VersionLister>();
  private readonly details = new Map<string, DetailsEntry>();
  /** Bumped by a refresh of a function: loads started before it are superseded. */
  private readonly detailsGeneration = new Map<string, number>();
  private readonly layerVersions = new Map<string, Promise<LayerVersionsListItem[]>>();

  /** `client` gives the connection's Lambda client (resolving the connection on first use). */
  constructor(private readonly client: () => Promise<LambdaClient>) {}

  /**
   * The details of the newest generation: when a refresh starts while an older load is in flight,
   * the older answer is dropped and the newer one awaited, so stale facts never overwrite fresh ones.
   */
  async currentDetails(functionName: string): Promise<FunctionDetails> {
    for (let attempt = 0; ; attempt++) {
      const generation = this.detailsGeneration.get(functionName) ?? 0;
      const d = await this.loadDetails(functionName);
      if ((this.detailsGeneration.get(functionName) ?? 0) === generation || attempt >= 3) return d;
    }
  }

  private loadDetails(functionName: string): Promise<FunctionDetails> {
    const cached = this.details.get(functionName);
    if (cached) return cached.promise;
    const generation = this.detailsGeneration.get(functionName) ?? 0;
    const promise = this.client().then((c) => loadFunctionDetails(c, functionName));
    const entry = { generation, promise };
    this.details.set(functionName, entry);
    promise.catch(() => {
      // A failed load is not cached, so expanding again retries, unless a newer load replaced it.
      if (this.details.get(functionName) === entry) this.details.delete(functionName);
    });
    return promise;
  }

  /** The versions of a layer, newest first; a failed listing is not kept. */
  async layerVersionsOf(layerName: string): Promise<LayerVersionsListItem[]> {
    let mine = this.layerVersions.get(layerName);
    if (!mine) {
      mine = this.client().then((c) => listLayerVersions(c, layerName));
      this.layerVersions.set(layerName, mine);
    }
    let versions: LayerVersionsListItem[];
    try {
      versions = await mine;
    } catch (err) {
      if (this.layerVersions.get(layerName) === mine) this.layerVersions.delete(layerName);
      throw err;
    }
    // A refresh started a newer listing meanwhile: answer with that one, never the older answer.
    const newer = this.layerVersions.get(layerName);
    return newer && newer !== mine ? this.layerVersionsOf(layerName) : versions;
  }

  forgetLayer(layerName: string): void {
    this.layerVersions.delete(layerName);
  }

  forgetFunction(functionName: string): void {
    this.details.delete(functionName);
    this.detailsGeneration.set(functionName, (this.detailsGeneration.get(functionName) ?? 0) + 1);
    this.versions.get(functionName)?.dispose();
    this.versions.delete(functionName);
  }

  dispose(): void {
    this.functions?.dispose();
    this.layers?.dispose();
    for (const v of this.versions.values()) v.dispose();
  }
}
