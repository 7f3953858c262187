/** Interface keys of the trainers' "use the pretrained model" panel (`src/islands/trainer/PretrainedPanel.astro`, `ui/pretrained.ts`). */
export const PRETRAINED_KEYS = [
  'trainer.pretrained.heading',
  'trainer.pretrained.hint',
  'trainer.pretrained.model',
  'trainer.pretrained.accuracy',
  'trainer.pretrained.date',
  'trainer.pretrained.command',
  'trainer.pretrained.use',
  'trainer.pretrained.none.mnist',
  'trainer.pretrained.none.cifar10',
  'trainer.pretrained.loading',
  'trainer.pretrained.evaluating',
  'trainer.pretrained.scored',
  'trainer.pretrained.error',
] as const;
