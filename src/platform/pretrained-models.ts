/**
 * The committed pretrained models (`src/data/pretrained/<id>/`: `model.json`, `weights.bin`,
 * `card.json`), as the built site serves them: Vite emits each file as a hashed asset under
 * `_astro/` (`?url&no-inline`, so even a small `model.json` stays a file the content security
 * policy lets the page fetch), which follows the base path and which the service worker
 * precaches for offline reading. The cards are bundled (a few hundred bytes each) and read with
 * `parsePretrainedCard`. A folder without its files is simply absent: the site still builds.
 * Browser-only (Vite resolves the globs); no TF.js here.
 */
import type { DatasetName } from '../lib/data/manifest';
import { type PretrainedCard, parsePretrainedCard } from '../lib/ml/pretrained-card';

const FILE_URLS = import.meta.glob<string>('../data/pretrained/*/{model.json,weights.bin}', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});
const CARDS = import.meta.glob<unknown>('../data/pretrained/*/card.json', { import: 'default', eager: true });

/** A pretrained model the site ships: its folder name, card and file URLs. */
export interface PretrainedModel {
  id: string;
  card: PretrainedCard;
  modelUrl: string;
  weightsUrl: string;
}

/** Every shipped model whose three files are present; throws naming a card that does not parse. */
export function listPretrained(): PretrainedModel[] {
  return Object.entries(CARDS).flatMap(([path, json]) => {
    const folder = path.slice(0, -'card.json'.length);
    const modelUrl = FILE_URLS[`${folder}model.json`];
    const weightsUrl = FILE_URLS[`${folder}weights.bin`];
    if (!modelUrl || !weightsUrl) return [];
    const id = folder.split('/').at(-2) ?? folder;
    return [
      { id, card: parsePretrainedCard(json, `src/data/pretrained/${id}/card.json`), modelUrl, weightsUrl },
    ];
  });
}

/** The model the `dataset` trainer offers (the MNIST `mnist-cnn`, the CIFAR-10 `5min` one), or null. */
export function pretrainedFor(dataset: DatasetName): PretrainedModel | null {
  return listPretrained().find((model) => model.card.dataset === dataset) ?? null;
}

/** Downloads the model's `model.json` and `weights.bin` as files, as the import field would hand them over. */
export async function fetchPretrainedFiles(model: PretrainedModel): Promise<File[]> {
  const fetchFile = async (url: string, name: string) => {
    const response = await fetch(new URL(url, location.href));
    if (!response.ok) {
      throw new Error(
        `${name} of the pretrained model ${model.id} did not load (HTTP ${response.status} from ${url}).`,
      );
    }
    return new File([await response.blob()], name);
  };
  return Promise.all([fetchFile(model.modelUrl, 'model.json'), fetchFile(model.weightsUrl, 'weights.bin')]);
}
