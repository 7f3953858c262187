/**
 * Interface keys of the layer-by-layer view of one image through a network
 * (`src/islands/shared/layer-figures.ts`), shared by chapter 3's convolution island and
 * chapter 8's drawing pad.
 */
export const LAYERS_KEYS = [
  'layers.caption',
  'layers.topChannels',
  'layers.topUnits',
  'layers.channel',
] as const;
