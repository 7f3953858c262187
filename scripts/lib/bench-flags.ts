/**
 * Chromium's command-line flags for `npm run bench`. Headless Chromium offers no GPU by
 * default: without `--gpu` WebGL and WebGPU are drawn by SwiftShader (the CPU standing in
 * for a GPU); with `--gpu` Chromium uses the machine's GPU through Vulkan.
 */
export function chromiumFlags(gpu: boolean): string[] {
  if (gpu) {
    return [
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-angle=vulkan',
      '--ignore-gpu-blocklist',
    ];
  }
  return [
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    '--enable-unsafe-webgpu',
  ];
}
