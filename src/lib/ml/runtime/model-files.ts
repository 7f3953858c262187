/**
 * The model files a reader downloads and uploads: TF.js's layers format, `model.json` (topology,
 * weights manifest and our checkpoint in `userDefinedMetadata.mlGuide`) plus `weights.bin`.
 * Pure parsing and writing, no TF.js: tested on plain objects in Node.
 */
import type { io } from '@tensorflow/tfjs';
import { MODEL_INPUT_SHAPE } from '../catalog';
import type { CheckpointRecord } from '../checkpoint';
import type { CheckpointInfo, ExportedFile, ModelId } from '../protocol';

/** Topology and weights: a checkpoint without its `info`. */
export type ModelArtifacts = Pick<CheckpointRecord, 'modelTopology' | 'weightSpecs' | 'weightData'>;

/** A chosen file; `File` in the browser, anything with these members in tests. */
export interface NamedFile {
  name: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Files that are not a model the trainer can take; the message says which file and why. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

interface ModelJson {
  modelTopology?: object;
  weightsManifest?: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
  userDefinedMetadata?: { mlGuide?: { modelId?: ModelId; checkpoint?: CheckpointInfo | null } };
}

/** `model.json` and `weights.bin` for `artifacts`; `generatedBy` names the TF.js version. */
export function modelFiles(
  id: ModelId,
  artifacts: ModelArtifacts,
  checkpoint: CheckpointInfo | null,
  generatedBy: string,
): ExportedFile[] {
  const modelJson = {
    format: 'layers-model',
    generatedBy,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    userDefinedMetadata: { mlGuide: { modelId: id, checkpoint } },
  };
  return [
    { name: 'model.json', blob: new Blob([JSON.stringify(modelJson)], { type: 'application/json' }) },
    { name: 'weights.bin', blob: new Blob([artifacts.weightData], { type: 'application/octet-stream' }) },
  ];
}

/** Concatenates weight files in manifest order (TF.js's `CompositeArrayBuffer.join`, without TF.js). */
export function joinBuffers(buffers: readonly ArrayBuffer[]): ArrayBuffer {
  const out = new Uint8Array(buffers.reduce((sum, b) => sum + b.byteLength, 0));
  let offset = 0;
  for (const buffer of buffers) {
    out.set(new Uint8Array(buffer), offset);
    offset += buffer.byteLength;
  }
  return out.buffer;
}

async function readModelJson(file: NamedFile): Promise<ModelJson> {
  let json: ModelJson;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    throw new ModelFileError(`${file.name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!json?.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError(
      `${file.name} is not a TF.js layers model (modelTopology and weightsManifest expected).`,
    );
  }
  return json;
}

/**
 * Reads `model.json` and its weights from the chosen files (any order). The weights file is
 * matched by name, or taken as the only other file. Throws `ModelFileError` naming the problem.
 */
export async function readModelFiles(
  files: readonly NamedFile[],
): Promise<{ artifacts: ModelArtifacts; checkpoint: CheckpointInfo | null }> {
  const jsonFile = files.find((f) => f.name.endsWith('.json'));
  if (!jsonFile)
    throw new ModelFileError('No model.json among the files; choose model.json and weights.bin together.');
  const json = await readModelJson(jsonFile);
  const others = files.filter((f) => f !== jsonFile);
  const buffers: ArrayBuffer[] = [];
  const weightSpecs: io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest ?? []) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) {
      const base = path.split('/').pop();
      const file = others.find((f) => f.name === base) ?? (others.length === 1 ? others[0] : undefined);
      if (!file)
        throw new ModelFileError(
          `Weights file '${base}' named in ${jsonFile.name} was not among the chosen files.`,
        );
      buffers.push(await file.arrayBuffer());
    }
  }
  return {
    artifacts: { modelTopology: json.modelTopology as object, weightSpecs, weightData: joinBuffers(buffers) },
    checkpoint: json.userDefinedMetadata?.mlGuide?.checkpoint ?? null,
  };
}

/** Why a loaded model cannot serve as `id` (input and output shapes), or null when it can. */
export function shapeMismatch(
  id: ModelId,
  input: readonly (number | null)[],
  output: readonly (number | null)[],
): string | null {
  const expected = [null, ...MODEL_INPUT_SHAPE[id]];
  if (JSON.stringify(input) === JSON.stringify(expected) && output[1] === 10) return null;
  return `This model takes ${JSON.stringify(input)} and gives ${JSON.stringify(output)}; '${id}' needs input ${JSON.stringify(expected)} and 10 outputs.`;
}

/** The checkpoint an imported model becomes: its saved one re-dated, or a fresh one at epoch 0. */
export function importedCheckpoint(
  id: ModelId,
  saved: CheckpointInfo | null,
  savedAt: string,
): CheckpointInfo {
  return {
    modelId: id,
    epoch: saved?.epoch ?? 0,
    step: saved?.step ?? 0,
    savedAt,
    settings: saved?.settings ?? { modelId: id, epochs: 1, batchSize: 64, learningRate: 0.001, seed: 1 },
    validationAccuracy: saved?.validationAccuracy ?? null,
  };
}
