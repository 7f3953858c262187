/**
 * `<ml-trainer>`: wires the static markup of `TrainerIsland.astro` to the view-model.
 * Up front it only reads the address into the form and looks for a saved checkpoint in
 * IndexedDB (no TF.js); `session.ts` (client, worker, TF.js, charts) is imported on the first
 * Start, Continue, Evaluate, Export, Import or drawn digit.
 */
import type { CheckpointInfo, ModelId, TrainerEvent } from '../../../lib/ml/protocol';
import {
  decodeSettings,
  fromRunSettings,
  type IslandSettings,
  MODELS_BY_DATASET,
  QUERY_PARAM,
  type Rule,
  type SettingsIssue,
  type TrainerDataset,
  toRunSettings,
  withSettings,
} from '../../../lib/trainer-view/settings';
import {
  addNotice,
  applyEvent,
  beginRun,
  createViewModel,
  dismissNotice,
  type Part,
  resetViewModel,
  startFailureKey,
  type TrainerViewModel,
} from '../../../lib/trainer-view/view-model';
import { download, find, h } from '../../shared/dom';
import { IslandElement } from '../../shared/island';
import { pageLang, readStrings, type Translate } from '../../shared/strings';
import { createDrawPad, type DrawPad } from './draw-pad';
import type { Session } from './session';
import { renderCheckpoint } from './views/checkpoints';
import { renderEvaluation, topBars } from './views/evaluation';
import { renderControls, renderNotices, renderReadouts, type ViewContext } from './views/status';
import { renderSummary } from './views/summary';

const FIELDS = [
  'model',
  'epochs',
  'batchSize',
  'learningRate',
  'subset',
  'testSubset',
  'evalsPerEpoch',
  'backend',
  'seed',
  'hidden',
] as const;
/** Address keys of the form fields, in `FIELDS` order (see `settings.ts`). */
const ADDRESS_KEYS = ['model', 'epochs', 'bs', 'lr', 'n', 'test', 'evals', 'backend', 'seed', 'h'];

export class TrainerElement extends IslandElement {
  private vm!: TrainerViewModel;
  private t!: Translate;
  private context!: ViewContext;
  /** Which dataset this island trains on (`dataset` is taken by HTMLElement). */
  private kind!: TrainerDataset;
  private settings!: IslandSettings;
  private settingsValid = true;
  private checkpoints: CheckpointInfo[] = [];
  private session: Session | null = null;
  private opening: Promise<Session> | null = null;
  private dirty = new Set<Part | 'controls'>();
  private frame = 0;
  private drawPad: DrawPad | null = null;
  private pendingDigit: Float32Array | null = null;
  private predicting = false;
  /** For tests and the curious: the running client, once started. */
  trainerClient: Session['client'] | null = null;

  protected mount(): void {
    this.kind = this.getAttribute('data-dataset') as TrainerDataset;
    this.t = readStrings(this);
    this.vm = createViewModel(this.kind);
    this.context = {
      root: this,
      t: this.t,
      lang: pageLang(),
      labels: JSON.parse(this.getAttribute('data-labels') ?? '[]') as string[],
    };
    const decoded = decodeSettings(this.kind, location.search);
    this.applySettingsToForm(decoded.settings);
    this.settings = decoded.settings;
    this.showIssues(decoded.issues);
    this.bindForm();
    this.bindActions();
    const canvas = this.querySelector<HTMLCanvasElement>('.trainer-draw-canvas');
    if (canvas) this.drawPad = createDrawPad(canvas, (pixels) => this.onDigit(pixels));
    this.invalidate(['phase', 'notices', 'checkpoint', 'controls']);
    void this.findCheckpoints(!new URLSearchParams(location.search).has(QUERY_PARAM[this.kind]));
    void this.checkDatasetBuilt();
  }

  /**
   * Says at once, not only after Start, when this copy of the site was built without the
   * dataset (CIFAR-10 needs a source at build time). A HEAD request for the manifest keeps
   * the data loader and its dependencies out of the page's first load.
   */
  private async checkDatasetBuilt(): Promise<void> {
    const dataUrl = new URL(this.getAttribute('data-data-url') ?? '/data/', location.href);
    try {
      const response = await fetch(new URL(`${this.kind}/manifest.json`, dataUrl), { method: 'HEAD' });
      if (response.status !== 404) return;
    } catch {
      return; // Offline or blocked: loading reports it with its own message when the reader starts.
    }
    this.invalidate(
      addNotice(this.vm, {
        id: 'data-missing',
        tone: 'error',
        key: `trainer.notice.dataMissing.${this.kind}`,
        values: {},
      }),
    );
  }

  disconnectedCallback(): void {
    this.drawPad?.destroy();
    this.session?.charts.destroy();
    this.session?.client.dispose();
  }

  // ───────────────────────────── settings form ─────────────────────────────

  private get form(): HTMLFormElement {
    return find<HTMLFormElement>(this, '.trainer-settings');
  }

  private applySettingsToForm(settings: IslandSettings): void {
    for (const field of FIELDS) {
      const control = this.form.elements.namedItem(field) as HTMLInputElement | HTMLSelectElement | null;
      if (control) control.value = String(settings[field]);
    }
    this.syncModelFields(settings.model);
  }

  /** The hidden-units field only means something for the MLP. */
  private syncModelFields(model: ModelId): void {
    for (const label of this.querySelectorAll<HTMLElement>('[data-only-model]')) {
      label.hidden = label.dataset.onlyModel !== model;
    }
  }

  private readForm(): { settings: IslandSettings; issues: SettingsIssue[] } {
    const pairs = FIELDS.map((field, i) => {
      const control = this.form.elements.namedItem(field) as HTMLInputElement | HTMLSelectElement | null;
      return control ? `${ADDRESS_KEYS[i]}:${control.value.trim()}` : '';
    }).filter(Boolean);
    const search = `?${QUERY_PARAM[this.kind]}=${encodeURIComponent(pairs.join(','))}`;
    return decodeSettings(this.kind, search);
  }

  private bindForm(): void {
    const update = () => {
      const { settings, issues } = this.readForm();
      this.settings = settings;
      this.settingsValid = issues.length === 0;
      this.showIssues(issues);
      this.syncModelFields(settings.model);
      if (this.settingsValid) {
        const search = withSettings(this.kind, location.search, settings);
        history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
      }
      this.invalidate(['checkpoint', 'controls']);
    };
    this.form.addEventListener('input', update);
    this.form.addEventListener('change', update);
    this.form.addEventListener('submit', (event) => event.preventDefault());
  }

  private describeRule(rule: Rule): string {
    if (rule.kind === 'choice')
      return this.t('trainer.expected.choice', { choices: rule.choices.join(', ') });
    if (rule.kind === 'hidden') return this.t('trainer.expected.hidden');
    return this.t(`trainer.expected.${rule.kind}`, { min: rule.min, max: rule.max });
  }

  private showIssues(issues: SettingsIssue[]): void {
    find(this, '.trainer-issues').replaceChildren(
      ...issues.map((issue) =>
        h(
          'li',
          {},
          this.t('trainer.settingsIssue', {
            key: issue.key,
            value: issue.value,
            expected: this.describeRule(issue.rule),
          }),
        ),
      ),
    );
  }

  // ───────────────────────────── actions ─────────────────────────────

  private bindActions(): void {
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (!button || button.disabled || !this.contains(button)) return;
      const action = button.dataset.action;
      if (action === 'start') void this.start(false);
      else if (action === 'continue') void this.start(true);
      else if (action === 'pause') this.session?.client.pause();
      else if (action === 'resume') this.session?.client.resume();
      else if (action === 'step') this.session?.client.step();
      else if (action === 'reset') void this.reset();
      else if (action === 'evaluate') void this.evaluate();
      else if (action === 'export') void this.exportModel();
      else if (action === 'clear-drawing') this.drawPad?.clear();
    });
    const input = find<HTMLInputElement>(this, 'input[data-action="import"]');
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      input.value = '';
      if (files.length > 0) void this.importModel(files);
    });
  }

  /** The checkpoint of the model selected in the form, if this browser has one. */
  private get checkpoint(): CheckpointInfo | null {
    return this.checkpoints.find((c) => c.modelId === this.settings.model) ?? null;
  }

  private async openSession(): Promise<Session> {
    if (this.session) return this.session;
    this.opening ??= (async () => {
      const { openSession } = await import('./session');
      const session = await openSession(this.context, this.getAttribute('data-data-url') ?? '/data/');
      session.client.onAny((event) => this.onEvent(event));
      this.vm.where = session.client.where;
      this.vm.device = session.client.device;
      this.session = session;
      this.trainerClient = session.client;
      this.invalidate(['runtime', 'training', 'evaluation']);
      return session;
    })();
    try {
      return await this.opening;
    } catch (error) {
      this.opening = null;
      this.vm.phase = 'error';
      addNotice(this.vm, {
        id: 'error',
        tone: 'error',
        key: startFailureKey(error),
        values: { detail: error instanceof Error ? error.message : String(error) },
      });
      this.invalidate(['phase', 'notices', 'controls']);
      throw error;
    }
  }

  private async start(resume: boolean): Promise<void> {
    if (!this.settingsValid) return;
    let settings = this.settings;
    const checkpoint = this.checkpoint;
    if (resume && checkpoint) {
      // Continuing means at least one more epoch than the checkpoint has.
      settings = { ...settings, epochs: Math.max(settings.epochs, checkpoint.epoch + 1) };
    }
    this.invalidate(beginRun(this.vm, { resume }));
    this.invalidate(['controls']);
    const { client } = await this.openSession();
    client.start(toRunSettings(settings), { resume });
  }

  private async reset(): Promise<void> {
    this.session?.client.reset(this.settings.model);
    this.invalidate(resetViewModel(this.vm));
    this.checkpoints = this.checkpoints.filter((c) => c.modelId !== this.settings.model);
    this.drawPad?.clear();
    this.invalidate(['controls', 'checkpoint']);
  }

  private async evaluate(): Promise<void> {
    const { client } = await this.openSession();
    this.vm.phase = 'evaluating';
    this.invalidate(['phase', 'controls']);
    try {
      await client.evaluateCheckpoint(this.settings.model, this.settings.testSubset);
    } catch {
      // The runtime's `error` event already carries the message to the notices.
    } finally {
      if (this.vm.phase === 'evaluating') this.vm.phase = 'idle';
      this.invalidate(['phase', 'controls']);
    }
  }

  private async exportModel(): Promise<void> {
    const { client } = await this.openSession();
    try {
      const files = await client.exportModel(this.settings.model);
      for (const file of files) download(file.name, file.blob);
      this.invalidate(
        addNotice(this.vm, {
          id: 'exported',
          tone: 'success',
          key: 'trainer.checkpoint.exported',
          values: { files: files.map((f) => f.name).join(', ') },
        }),
      );
    } catch {
      // Reported through the `error` event.
    }
  }

  private async importModel(files: File[]): Promise<void> {
    const { client } = await this.openSession();
    try {
      const checkpoint = await client.importModel(this.settings.model, files);
      this.rememberCheckpoint(checkpoint);
    } catch {
      // Reported through the `error` event.
    }
  }

  // ───────────────────────────── drawing ─────────────────────────────

  private onDigit(pixels: Float32Array | null): void {
    if (!pixels) {
      this.vm.prediction = null;
      this.invalidate(['prediction']);
      return;
    }
    const model = this.vm.summary?.modelId ?? this.settings.model;
    if (!this.vm.summary && !this.checkpoints.some((c) => c.modelId === model)) {
      find(this, '[data-draw-result]').textContent = this.t('trainer.draw.needModel');
      return;
    }
    this.pendingDigit = pixels;
    void this.predictPending(model);
  }

  /** One prediction in flight at a time; the newest drawing wins. */
  private async predictPending(model: ModelId): Promise<void> {
    if (this.predicting) return;
    this.predicting = true;
    try {
      const { client } = await this.openSession();
      while (this.pendingDigit) {
        const pixels = this.pendingDigit;
        this.pendingDigit = null;
        try {
          this.invalidate(applyEvent(this.vm, await client.predict(model, pixels)));
        } catch {
          find(this, '[data-draw-result]').textContent = this.t('trainer.draw.needModel');
        }
      }
    } finally {
      this.predicting = false;
    }
  }

  // ───────────────────────────── events and drawing the views ─────────────────────────────

  private onEvent(event: TrainerEvent): void {
    if (event.type === 'prediction') return; // Applied by the request that asked for it.
    if (event.type === 'error' && event.code === 'out-of-memory' && !event.suggestedBatchSize) {
      event = { ...event, suggestedBatchSize: Math.max(1, Math.floor(this.settings.batchSize / 2)) };
    }
    this.invalidate(applyEvent(this.vm, event));
    if (
      event.type === 'checkpoint-saved' ||
      event.type === 'checkpoint-restored' ||
      event.type === 'imported'
    ) {
      this.rememberCheckpoint(event.checkpoint);
    }
    if (event.type === 'model-summary' || event.type === 'status') this.invalidate(['controls']);
  }

  private rememberCheckpoint(checkpoint: CheckpointInfo): void {
    this.checkpoints = [...this.checkpoints.filter((c) => c.modelId !== checkpoint.modelId), checkpoint];
    this.invalidate(['checkpoint', 'controls']);
  }

  /** Looks in IndexedDB for checkpoints of this island's models, without loading TF.js. */
  private async findCheckpoints(adoptSettings: boolean): Promise<void> {
    let found: CheckpointInfo[];
    try {
      const { createIdbCheckpointStore } = await import('../../../platform/checkpoint-store');
      found = await createIdbCheckpointStore().list();
    } catch {
      return; // Storage blocked (private mode): nothing was saved either.
    }
    const models = MODELS_BY_DATASET[this.kind] as readonly ModelId[];
    this.checkpoints = found.filter((c) => models.includes(c.modelId));
    const latest = [...this.checkpoints].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0];
    if (latest) {
      if (adoptSettings) {
        this.settings = fromRunSettings(this.kind, latest.settings);
        this.applySettingsToForm(this.settings);
      }
      this.invalidate(
        addNotice(this.vm, {
          id: 'found',
          tone: 'info',
          key: 'trainer.notice.found',
          values: {
            model: this.t(`trainer.model.${latest.modelId}`),
            epoch: latest.epoch,
            step: latest.step,
            savedAt: new Intl.DateTimeFormat(this.context.lang, {
              dateStyle: 'medium',
              timeStyle: 'short',
            }).format(new Date(latest.savedAt)),
          },
        }),
      );
    }
    this.invalidate(['checkpoint', 'controls']);
  }

  private invalidate(parts: Iterable<Part | 'controls'>): void {
    for (const part of parts) this.dirty.add(part);
    // Coalesce a burst of events (one per step) into one paint per frame.
    if (!this.frame) this.frame = requestAnimationFrame(() => this.paint());
  }

  private paint(): void {
    this.frame = 0;
    const parts = this.dirty;
    this.dirty = new Set();
    const vm = this.vm;
    const c = this.context;
    if (parts.has('phase') || parts.has('controls') || parts.has('summary') || parts.has('checkpoint')) {
      renderControls(c, vm, this.checkpoint !== null);
    }
    if (
      parts.has('phase') ||
      parts.has('progress') ||
      parts.has('runtime') ||
      parts.has('data') ||
      parts.has('evaluation')
    ) {
      renderReadouts(c, vm);
    }
    if (parts.has('notices')) renderNotices(c, vm, (id) => this.invalidate(dismissNotice(vm, id)));
    if (parts.has('evaluation')) renderEvaluation(c, vm);
    if (parts.has('summary')) renderSummary(c, vm);
    if (parts.has('checkpoint')) renderCheckpoint(c, this.checkpoint);
    if (parts.has('training') || parts.has('evaluation'))
      this.session?.charts.render(vm, parts as Set<string>);
    if (parts.has('prediction')) this.renderPrediction();
  }

  private renderPrediction(): void {
    const result = this.querySelector<HTMLElement>('[data-draw-result]');
    const bars = this.querySelector<HTMLElement>('[data-draw-bars]');
    if (!result || !bars) return;
    const prediction = this.vm.prediction;
    if (!prediction) {
      result.textContent = this.t('trainer.draw.empty');
      delete result.dataset.digit;
      bars.replaceChildren();
      return;
    }
    const best = prediction.top3[0];
    if (!best) return;
    result.textContent = this.t('trainer.draw.result', {
      digit: this.context.labels[best.label] ?? best.label,
      probability: new Intl.NumberFormat(this.context.lang, { style: 'percent' }).format(best.probability),
    });
    result.dataset.digit = String(best.label);
    bars.replaceChildren(...topBars(this.context, prediction.top3).children);
  }
}
