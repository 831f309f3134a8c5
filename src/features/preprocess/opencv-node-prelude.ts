// Imported before '@techstark/opencv-js' (see load-opencv.ts). In Node only: load the
// package through require() first and drop Emscripten's `then` from its exports, so
// loaders that await a namespace built from those exports (Vitest's interop) do not
// treat it as a thenable and hang. In the browser this module does nothing.
type NodeProcess = { getBuiltinModule?: (id: string) => unknown };
const nodeProcess = (globalThis as { process?: NodeProcess }).process;
if (typeof nodeProcess?.getBuiltinModule === 'function' && typeof (globalThis as { window?: unknown }).window === 'undefined') {
  const { createRequire } = nodeProcess.getBuiltinModule('module') as typeof import('node:module');
  const exported = createRequire(import.meta.url)('@techstark/opencv-js') as { then?: unknown };
  delete exported.then;
}
export {};
