/**
 * The part of the WebAssembly JavaScript API the engine uses. Node and Electron provide the
 * global; TypeScript declares it only in the DOM libraries, which the engine does not load.
 */

export const PAGE_BYTES = 65536;
/** A 32-bit memory addresses at most 4 GiB. */
export const MAX_PAGES = 65536;

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A compiled module, instantiated once per memory. */
export type WasmModule = object;

export function compileModule(bytes: Uint8Array): WasmModule {
  return new wasm.Module(bytes);
}

/** A memory of `pages` that never grows, so views of it stay valid. */
export function fixedMemory(pages: number): WasmMemory {
  return new wasm.Memory({ initial: pages, maximum: pages });
}

/** The module's exports, its `env.memory` being `memory`. */
export function instantiate<Exports>(module: WasmModule, memory: WasmMemory): Exports {
  return new wasm.Instance(module, { env: { memory } }).exports as Exports;
}
