// Which tfjs backend runs the model, and why. A GPU backend is used only on a real GPU:
// headless and GPU-less Chromium offer WebGPU and WebGL on SwiftShader (software), which
// run VGG16 20-50x slower than WASM (measured on this project's 2-core test box). Else WASM with SIMD and every core,
// else the plain JS CPU backend.
import * as tf from '@tensorflow/tfjs';

import type { BackendChoice, BackendName, BackendPreference } from './backend-types';

export type { BackendChoice, BackendName, BackendPreference } from './backend-types';

export interface GpuProbe {
  /** A usable hardware adapter/renderer, or why not. */
  ok: boolean;
  detail: string;
}

export interface Probes {
  webgpu: GpuProbe;
  webgl: GpuProbe;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic|lavapipe/i;

/** True when a renderer/adapter description names a software rasteriser. */
export function isSoftwareRenderer(description: string): boolean {
  return SOFTWARE_RENDERER.test(description);
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/** WebGPU: an adapter that is neither a fallback adapter nor SwiftShader. */
export async function probeWebGpu(): Promise<GpuProbe> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(o?: object): Promise<AdapterLike | null> } }) | undefined)?.gpu;
  if (!gpu) return { ok: false, detail: 'WebGPU is not available in this browser' };
  let adapter: AdapterLike | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { ok: false, detail: `WebGPU adapter request failed (${(error as Error).message})` };
  }
  if (!adapter) return { ok: false, detail: 'no WebGPU adapter' };
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  if (adapter.isFallbackAdapter || info.isFallbackAdapter || isSoftwareRenderer(text)) {
    return { ok: false, detail: `the WebGPU adapter is a software fallback (${text || 'isFallbackAdapter'}), not a GPU` };
  }
  return { ok: true, detail: `WebGPU on ${text || 'a hardware adapter'}` };
}

/** WebGL2: a context whose unmasked renderer is not a software rasteriser. */
export function probeWebGl(): GpuProbe {
  let gl: WebGL2RenderingContext | null = null;
  try {
    if (typeof OffscreenCanvas !== 'undefined') gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    else if (typeof document !== 'undefined') gl = document.createElement('canvas').getContext('webgl2');
  } catch {
    gl = null;
  }
  if (!gl) return { ok: false, detail: 'WebGL2 is not available' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (isSoftwareRenderer(renderer)) return { ok: false, detail: `the WebGL renderer is software (${renderer}), not a GPU` };
  return { ok: true, detail: `WebGL on ${renderer || 'a hardware renderer'}` };
}

export async function probeGpus(): Promise<Probes> {
  return { webgpu: await probeWebGpu(), webgl: probeWebGl() };
}

/** The backends to try, best first, for these probes and the user's preference. */
export function backendPlan(probes: Probes, preference: BackendPreference = 'auto'): { name: BackendName; reason: string }[] {
  const auto: { name: BackendName; reason: string }[] = [];
  if (probes.webgpu.ok) auto.push({ name: 'webgpu', reason: probes.webgpu.detail });
  if (probes.webgl.ok) auto.push({ name: 'webgl', reason: `${probes.webgl.detail}; ${probes.webgpu.detail}` });
  const noGpu = `no real GPU: ${probes.webgpu.detail}; ${probes.webgl.detail}`;
  auto.push({ name: 'wasm', reason: noGpu });
  auto.push({ name: 'cpu', reason: `${noGpu}; WebAssembly failed to start` });
  if (preference === 'auto') return auto;
  const rest = auto.filter((b) => b.name !== preference);
  return [{ name: preference, reason: 'chosen in settings' }, ...rest.map((b) => ({ ...b, reason: `${preference} (chosen in settings) failed to start; ${b.reason}` }))];
}

export interface WasmSetup {
  /** setWasmPaths argument: a folder prefix or the three binaries' URLs (same origin). */
  paths?: string | Record<string, string>;
  /** Threads to use; default: every logical core. */
  threads?: number;
}

async function importBackend(name: BackendName): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
}

/**
 * tfjs-backend-wasm sizes its thread pool from navigator.hardwareConcurrency / 2 (it
 * assumes 2 hyper-threads per core) and caps setThreadsCount to that, so a 2-core box
 * gets 1 thread. The value is read once, when the module's static initialisers run
 * inside setBackend('wasm'); we report twice the wanted count for that moment only.
 */
async function withThreadCapRaised<T>(threads: number, run: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as (Navigator & Record<string, unknown>) | undefined;
  const own = nav ? Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency') : undefined;
  let patched = false;
  if (nav) {
    try {
      Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
      patched = true;
    } catch {
      patched = false; // a frozen navigator: the default cap applies
    }
  }
  try {
    return await run();
  } finally {
    if (patched && nav) {
      if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
      else delete (nav as Record<string, unknown>).hardwareConcurrency;
    }
  }
}

async function startWasm(setup: WasmSetup): Promise<{ threads: number; simd: boolean }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const cores = Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
  const threads = Math.max(1, Math.min(8, setup.threads ?? cores));
  if (setup.paths) wasm.setWasmPaths(setup.paths as string);
  wasm.setThreadsCount(threads);
  const ok = await withThreadCapRaised(threads, () => tf.setBackend('wasm'));
  if (!ok) throw new Error('the WASM backend did not start');
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return { threads: wasm.getThreadsCount(), simd };
}

/**
 * Activates the first backend of the plan that starts. Runs where tfjs runs (the
 * inference worker, or Node for the CLI).
 */
export async function activateBackend(plan: { name: BackendName; reason: string }[], wasm: WasmSetup = {}): Promise<BackendChoice> {
  const failures: string[] = [];
  for (const step of plan) {
    try {
      await importBackend(step.name);
      if (step.name === 'wasm') {
        const { threads, simd } = await startWasm(wasm);
        const threading = threads > 1 ? `${threads} threads` : '1 thread';
        return { name: 'wasm', threads, simd, reason: `${step.reason}; WebAssembly${simd ? ' with SIMD' : ''}, ${threading}` };
      }
      if (!(await tf.setBackend(step.name))) throw new Error(`${step.name} did not start`);
      await tf.ready();
      return { name: step.name, reason: failures.length ? `${step.reason} (${failures.join('; ')})` : step.reason };
    } catch (error) {
      failures.push(`${step.name}: ${(error as Error).message ?? String(error)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${failures.join('; ')})`);
}

/** Probe, plan and activate: the whole choice in one call. */
export async function chooseBackend(preference: BackendPreference = 'auto', wasm: WasmSetup = {}): Promise<BackendChoice> {
  const isNode = typeof process !== 'undefined' && Boolean(process.versions?.node) && typeof window === 'undefined' && typeof self === 'undefined';
  const probes: Probes = isNode
    ? { webgpu: { ok: false, detail: 'Node.js has no WebGPU' }, webgl: { ok: false, detail: 'Node.js has no WebGL' } }
    : await probeGpus();
  return activateBackend(backendPlan(probes, preference), wasm);
}
