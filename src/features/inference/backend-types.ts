// Backend names and the choice record: tfjs-free, so the page can import them cheaply.
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendChoice {
  name: BackendName;
  /** Plain-language reason shown to the user. */
  reason: string;
  /** WASM only: XNNPACK threads in use (tfjs getThreadsCount) and SIMD. */
  threads?: number;
  simd?: boolean;
}
