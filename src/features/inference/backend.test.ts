import { describe, expect, it } from 'vitest';
import { backendPlan, isSoftwareRenderer, type Probes } from './backend';
import { startNodeBackend } from './testing/tf-node';

const noGpu: Probes = {
  webgpu: { ok: false, detail: 'the WebGPU adapter is a software fallback (google swiftshader), not a GPU' },
  webgl: { ok: false, detail: 'the WebGL renderer is software (ANGLE (Google, SwiftShader Device)), not a GPU' },
};
const realGpu: Probes = { webgpu: { ok: true, detail: 'WebGPU on nvidia ampere' }, webgl: { ok: true, detail: 'WebGL on ANGLE (NVIDIA RTX)' } };

describe('backend choice', () => {
  it('names software rasterisers as such', () => {
    for (const s of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver', 'google swiftshader']) {
      expect(isSoftwareRenderer(s), s).toBe(true);
    }
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });

  it('uses WASM when WebGPU and WebGL are software, and says why', () => {
    const plan = backendPlan(noGpu);
    expect(plan.map((p) => p.name)).toEqual(['wasm', 'cpu']);
    expect(plan[0]!.reason).toMatch(/no real GPU: the WebGPU adapter is a software fallback .* the WebGL renderer is software/);
  });

  it('prefers WebGPU, then WebGL, on a real GPU', () => {
    expect(backendPlan(realGpu).map((p) => p.name)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendPlan({ ...realGpu, webgpu: noGpu.webgpu }).map((p) => p.name)).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('a user override goes first, with the automatic order as fallback', () => {
    const plan = backendPlan(noGpu, 'webgl');
    expect(plan.map((p) => p.name)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(plan[0]!.reason).toBe('chosen in settings');
    expect(plan[1]!.reason).toMatch(/^webgl \(chosen in settings\) failed to start/);
  });

  it('starts WASM with SIMD in Node and reports its thread count', async () => {
    const choice = await startNodeBackend('wasm');
    expect(choice.name).toBe('wasm');
    expect(choice.simd).toBe(true);
    expect(choice.threads).toBeGreaterThanOrEqual(1); // Node: tfjs runs WASM unthreaded
  });
});
