// Loads OpenCV.js once per realm (Node process or module Web Worker).
//
// @techstark/opencv-js 4.12 is an Emscripten UMD build. Depending on the bundler
// its default export is either a Promise of the module or the module object itself,
// which becomes usable only after `onRuntimeInitialized`. The module object also has
// a `then` method (Emscripten's), so it must never be awaited or returned from an
// async function as is: a Promise resolving to it would call `then` forever. We wait
// for readiness ourselves and delete that `then` before handing the module out.
//
// In Node, './opencv-node-prelude' requires the package first and drops `then`, so
// Vitest's interop (which awaits a namespace built from the exports) cannot hang.
import './opencv-node-prelude';
import type * as OpenCvNamespace from '@techstark/opencv-js';
// A static import on purpose: with a dynamic import() the bundler's CommonJS
// interop returns an object that still carries Emscripten's `then`, and
// awaiting it loops forever (seen in the built worker: preprocessing hung).
import openCvExport from '@techstark/opencv-js';

/** The OpenCV.js module: the typed namespace plus anything the typings lack. */
export type CV = typeof OpenCvNamespace;

type EmscriptenModule = Record<string, unknown> & {
  Mat?: unknown;
  calledRun?: boolean;
  onRuntimeInitialized?: () => void;
  then?: unknown;
};

let cached: Promise<CV> | undefined;

/** Resolves the shared OpenCV.js module when its WASM runtime is ready. */
export function loadOpenCv(): Promise<CV> {
  cached ??= importAndInit().catch((error: unknown) => {
    cached = undefined; // let a later call retry (e.g. after a transient fetch failure)
    throw error;
  });
  return cached;
}

async function importAndInit(): Promise<CV> {
  const exported = openCvExport as unknown;
  const module = exported instanceof Promise ? ((await exported) as EmscriptenModule) : (exported as EmscriptenModule);
  await whenRuntimeReady(module);
  delete module.then;
  return module as unknown as CV;
}

function whenRuntimeReady(module: EmscriptenModule): Promise<void> {
  if (isReady(module)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const previous = module.onRuntimeInitialized;
    const timer = setTimeout(() => reject(new Error('OpenCV.js runtime did not initialise within 60 s')), 60_000);
    module.onRuntimeInitialized = () => {
      clearTimeout(timer);
      previous?.();
      resolve();
    };
    // The runtime may have finished between the check above and installing the hook.
    if (isReady(module)) {
      clearTimeout(timer);
      resolve();
    }
  });
}

function isReady(module: EmscriptenModule): boolean {
  if (module.calledRun === true) return true;
  if (typeof module.Mat !== 'function') return false;
  try {
    const probe = new (module.Mat as new () => { delete(): void })();
    probe.delete();
    return true;
  } catch {
    return false;
  }
}
