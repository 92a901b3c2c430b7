// Types of corerec.js (the browser API) and client.js (the same API behind a Web Worker).

/** A recommendation request. Without history and user, recommend() uses the session history. */
export interface RecommendRequest {
  /** A user id the bundle knows (its stored vector and seen items are used). */
  user?: string;
  /** Recent item ids, oldest first. */
  history?: string[];
  /** How many items (default 10, at most 10000). */
  k?: number;
  /** Remove the history items (and a known user's seen items). */
  exclude_seen?: boolean;
  /** Restrict the answer to these items. */
  allow?: string[];
  /** Remove these items. */
  deny?: string[];
  /** Restrict the answer to items of these categories. */
  categories?: string[];
  /** The request's clock: milliseconds since the epoch, or a Date. */
  now?: number | Date;
  /** HNSW beam width when the bundle has a graph index (default: the index's, max(k, 64)). */
  ef?: number;
  /** Scan every item even when the bundle has a graph index. */
  exact?: boolean;
  /** Return the pipeline's trace (funnel bundles): each item's retrievers, positions and the rules that moved it. */
  explain?: boolean;
  /**
   * The bundle's rules for this request: true or absent (as the bundle configures them), false (none: the
   * rerank stage is skipped), or the names of exactly the rules to run (Info.rules lists them).
   */
  rules?: boolean | string[];
}

export interface Item {
  id: string;
  /** Dense index in the bundle's catalog. */
  index: number;
  /** Higher is better. */
  score: number;
  category: string;
  /** The history item closest to this one ("because you viewed …"); absent without a history. */
  because?: string;
}

export interface Stage {
  /** "encode", "retrieve" or "fallback"; with a funnel bundle "retrieve/KIND" per retriever, "fuse", "rank", "rerank". */
  name: string;
  in: number;
  out: number;
  duration_ns: number;
}

export interface Response {
  items: Item[];
  /** "popular" when the runtime could not personalise. */
  fallback?: string;
  /** Request ids the bundle does not know. */
  ignored?: string[];
  stages: Stage[];
  /** The pipeline's trace, when the request asked for it (explain) and the bundle runs a pipeline. */
  trace?: Trace;
}

/** Explains a pipeline's answer. */
export interface Trace {
  items: {
    id: string;
    /** The retrievers that found the item ("via": the history item an item2item neighbour came from). */
    sources: { retriever: string; rank: number; score: number; via?: string }[];
    /** 0-based positions after fusion, after ranking (−1: no ranker ran), and in the answer. */
    fused: number;
    ranked: number;
    scored: boolean;
    final: number;
    moves?: RuleMove[];
  }[];
  /** Candidates the rules removed. */
  removed?: RuleMove[];
}

/** One rule's effect on one item: a move between 0-based positions, or a removal (to = −1). */
export interface RuleMove {
  item: string;
  index: number;
  rule: string;
  from: number;
  to: number;
}

export interface Manifest {
  kind: string;
  name: string;
  dim: number;
  metric: string;
  created_at: string;
  metrics: Record<string, number>;
  training: { source: string; users: number; items: number; interactions: number; epochs: number; seconds: number };
}

export interface Info {
  manifest: Manifest;
  items: number;
  users: number;
  dim: number;
  categories: { name: string; items: number }[];
  /** The bundle's rules in the order they run, each on or off unless a request says otherwise. */
  rules: { name: string; on: boolean }[];
}

export interface CatalogPage {
  items: { id: string; index: number; category: string }[];
  total: number;
}

export interface LoadOptions {
  /** URL of corerec.wasm (default: beside corerec.js). */
  wasmURL?: string | URL;
  /** Check every section's CRC32C at load (default true). */
  verify?: boolean;
  /** How many recorded items the session history keeps (default 50). */
  maxHistory?: number;
  /** Call recommend through the module's WebAssembly export (default true); false uses syscall/js. */
  direct?: boolean;
  /** Use the SIMD128 scan kernels when the engine supports them (default true); false keeps pure Go. */
  simd?: boolean;
  /** URL of corerec-simd.wasm (default: beside corerec.wasm). */
  simdURL?: string | URL;
}

/** Options of a vector search (CoreRec.search). */
export interface SearchOptions {
  /** HNSW beam width: 0 or absent means max(k, 64); values below k are raised to k; at most 100000. */
  ef?: number;
  /** Scan every item instead of searching the graph (a bundle without a graph is always scanned). */
  exact?: boolean;
}

/** A vector search's answer, best first. */
export interface SearchResult {
  /** Dense item indices (as Item.index; ids through catalog()). */
  indices: Int32Array;
  /** Their scores by the bundle's metric (dot, cosine, or the negated squared distance for l2): higher is better. */
  scores: Float32Array;
}

/** A bundle URL, or its bytes. */
export type BundleSource = string | URL | ArrayBuffer | ArrayBufferView;

export declare class CoreRec {
  static load(source: BundleSource, options?: LoadOptions): Promise<CoreRec>;
  recommend(request?: RecommendRequest): Response;
  similar(item: string, k?: number): Response;
  /**
   * The k (default 10, 1..10000) items whose embeddings score best against query (length: the bundle's
   * dim), best first: a bare vector search without request JSON, pipeline or rules. Throws on a query of the
   * wrong length or with a non-finite value, and on k or ef out of range.
   */
  search(query: Float32Array | number[], k?: number, options?: SearchOptions): SearchResult;
  record(item: string): string[];
  history(): string[];
  clearHistory(): void;
  manifest(): Info;
  catalog(offset?: number, limit?: number): CatalogPage;
  /** The scan kernels in use: "simd128" or "generic" (pure Go). */
  kernels(): string;
  /** How recommend reaches the runtime: "export" (a WebAssembly export call) or "syscall/js". */
  transport(): 'export' | 'syscall/js';
  close(): void;
}

/** The same API running in a module Web Worker (client.js): every call returns a promise. */
export declare class CoreRecWorker {
  static load(source: BundleSource, options?: LoadOptions & { workerURL?: string | URL }): Promise<CoreRecWorker>;
  recommend(request?: RecommendRequest): Promise<Response>;
  similar(item: string, k?: number): Promise<Response>;
  search(query: Float32Array | number[], k?: number, options?: SearchOptions): Promise<SearchResult>;
  record(item: string): Promise<string[]>;
  history(): Promise<string[]>;
  clearHistory(): Promise<void>;
  manifest(): Promise<Info>;
  catalog(offset?: number, limit?: number): Promise<CatalogPage>;
  kernels(): Promise<string>;
  transport(): Promise<'export' | 'syscall/js'>;
  /** Closes the runtime and terminates the worker. */
  close(): Promise<void>;
}

export default CoreRec;
