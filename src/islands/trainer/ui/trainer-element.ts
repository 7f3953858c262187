/**
 * `<ml-trainer>`: wires the static markup of `TrainerIsland.astro` to the view-model.
 * Up front it only reads the address into the form and looks for a saved checkpoint in
 * IndexedDB (no TF.js); `session.ts` (client, worker, TF.js, charts) is imported on the first
 * Start, Continue, Evaluate, Export, Import or drawn digit. The form, the buttons, the drawing
 * pad, model files and the checks on mount live in the modules beside this one.
 */
import type { CheckpointInfo, TrainerEvent } from '../../../lib/ml/protocol';
import {
  decodeSettings,
  fromRunSettings,
  type IslandSettings,
  QUERY_PARAM,
  type TrainerDataset,
  toRunSettings,
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
import type { DrawPad } from '../../shared/draw-pad';
import { IslandElement } from '../../shared/island';
import { pageLang, readStrings } from '../../shared/strings';
import { bindActions } from './actions';
import { wireDrawPad } from './drawing';
import { recordLadderResult } from './ladder-record';
import { exportModelFiles, importModelFiles } from './model-files';
import { bindPresetPicker, openDetailsFor, showPreset } from './preset-picker';
import type { Session } from './session';
import { applySettingsToForm, bindSettingsForm, showIssues } from './settings-form';
import { foundNotice, isDatasetMissing, latestCheckpoint, savedCheckpoints } from './startup-checks';
import { renderCheckpoint } from './views/checkpoints';
import { renderEvaluation } from './views/evaluation';
import { renderPrediction } from './views/prediction';
import { renderControls, renderNotices, renderReadouts, type ViewContext } from './views/status';
import { renderSummary } from './views/summary';

export class TrainerElement extends IslandElement {
  private vm!: TrainerViewModel;
  private context!: ViewContext;
  /** Which dataset this island trains on (`dataset` is taken by HTMLElement). */
  private kind!: TrainerDataset;
  private settings!: IslandSettings;
  private settingsValid = true;
  /** The settings of the run in progress (the form may change after Start). */
  private running: IslandSettings | null = null;
  private lastAccuracy: number | null = null;
  private checkpoints: CheckpointInfo[] = [];
  private session: Session | null = null;
  private opening: Promise<Session> | null = null;
  private dirty = new Set<Part | 'controls'>();
  private frame = 0;
  private drawPad: DrawPad | null = null;
  /** For tests and the curious: the running client, once started. */
  trainerClient: Session['client'] | null = null;

  protected mount(): void {
    this.kind = this.getAttribute('data-dataset') as TrainerDataset;
    const t = readStrings(this);
    this.vm = createViewModel(this.kind);
    this.context = {
      root: this,
      t,
      lang: pageLang(),
      labels: JSON.parse(this.getAttribute('data-labels') ?? '[]') as string[],
    };
    const decoded = decodeSettings(this.kind, location.search);
    applySettingsToForm(this, decoded.settings);
    this.settings = decoded.settings;
    showIssues(this, t, decoded.issues);
    showPreset(this, this.kind, decoded.settings);
    openDetailsFor(this, this.kind, decoded.settings, decoded.issues.length);
    bindSettingsForm(this, this.kind, t, (settings, valid) => {
      this.settings = settings;
      this.settingsValid = valid;
      showPreset(this, this.kind, settings);
      this.invalidate(['checkpoint', 'controls']);
    });
    bindPresetPicker(this, this.kind, (settings) => {
      this.settings = settings;
      this.settingsValid = true;
      applySettingsToForm(this, settings);
      showIssues(this, t, []);
      showPreset(this, this.kind, settings);
      this.invalidate(['checkpoint', 'controls']);
    });
    this.bindButtons();
    this.drawPad = this.connectDrawPad();
    this.invalidate(['phase', 'notices', 'checkpoint', 'controls']);
    void this.findCheckpoints(!new URLSearchParams(location.search).has(QUERY_PARAM[this.kind]));
    void this.checkDatasetBuilt();
  }

  disconnectedCallback(): void {
    this.drawPad?.destroy();
    this.session?.charts.destroy();
    this.session?.client.dispose();
  }

  private get dataUrl(): string {
    return this.getAttribute('data-data-url') ?? '/data/';
  }

  /** Says at once, not only after Start, when this copy of the site was built without the dataset. */
  private async checkDatasetBuilt(): Promise<void> {
    if (!(await isDatasetMissing(this.dataUrl, this.kind))) return;
    const key = `trainer.notice.dataMissing.${this.kind}`;
    this.invalidate(addNotice(this.vm, { id: 'data-missing', tone: 'error', key, values: {} }));
  }

  /** Looks in IndexedDB for checkpoints of this island's models, without loading TF.js. */
  private async findCheckpoints(adoptSettings: boolean): Promise<void> {
    const found = await savedCheckpoints(this.kind);
    if (!found) return;
    this.checkpoints = found;
    const latest = latestCheckpoint(found);
    if (latest) {
      if (adoptSettings) {
        this.settings = fromRunSettings(this.kind, latest.settings);
        applySettingsToForm(this, this.settings);
        showPreset(this, this.kind, this.settings);
      }
      this.invalidate(addNotice(this.vm, foundNotice(this.context.t, this.context.lang, latest)));
    }
    this.invalidate(['checkpoint', 'controls']);
  }

  private bindButtons(): void {
    const model = () => this.settings.model;
    bindActions(
      this,
      {
        start: () => void this.start(false),
        continue: () => void this.start(true),
        pause: () => this.session?.client.pause(),
        resume: () => this.session?.client.resume(),
        step: () => this.session?.client.step(),
        reset: () => this.reset(),
        evaluate: () =>
          void this.evaluate((client) => client.evaluateCheckpoint(model(), this.testSubset, this.flipTest)),
        'score-test': () =>
          void this.evaluate((client) => client.evaluateTest(model(), this.testSubset, this.flipTest)),
        export: () =>
          void this.withClient(async (client) => {
            const notice = await exportModelFiles(client, model());
            if (notice) this.invalidate(addNotice(this.vm, notice));
          }),
        'clear-drawing': () => this.drawPad?.clear(),
        'use-pretrained': () => void this.usePretrained(),
      },
      (files) =>
        void this.withClient(async (client) => {
          const checkpoint = await importModelFiles(client, model(), files);
          if (checkpoint) this.rememberCheckpoint(checkpoint);
        }),
    );
  }

  private connectDrawPad(): DrawPad | null {
    return wireDrawPad({
      root: this,
      t: this.context.t,
      model: () => {
        const model = this.vm.summary?.modelId ?? this.settings.model;
        const known = this.vm.summary || this.checkpoints.some((c) => c.modelId === model);
        return known ? model : null;
      },
      openSession: () => this.openSession(),
      onPrediction: (event) => this.invalidate(applyEvent(this.vm, event)),
      onCleared: () => {
        this.vm.prediction = null;
        this.invalidate(['prediction']);
      },
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
      const session = await openSession(this.context, this.dataUrl);
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

  /** Opens the session, then runs `use` with its client. */
  private async withClient(use: (client: Session['client']) => Promise<void>): Promise<void> {
    const { client } = await this.openSession();
    await use(client);
  }

  private async start(resume: boolean): Promise<void> {
    if (!this.settingsValid) return;
    let settings = this.settings;
    const checkpoint = this.checkpoint;
    if (resume && checkpoint) {
      // Continuing means at least one more epoch than the checkpoint has.
      settings = { ...settings, epochs: Math.max(settings.epochs, checkpoint.epoch + 1) };
    }
    this.running = settings;
    this.lastAccuracy = null;
    this.invalidate(beginRun(this.vm, { resume }));
    this.invalidate(['controls']);
    const { client } = await this.openSession();
    client.start(toRunSettings(settings), { resume });
  }

  private reset(): void {
    this.session?.client.reset(this.settings.model);
    this.invalidate(resetViewModel(this.vm));
    this.checkpoints = this.checkpoints.filter((c) => c.modelId !== this.settings.model);
    this.drawPad?.clear();
    this.invalidate(['controls', 'checkpoint']);
  }

  private get testSubset(): number {
    return this.settings.testSubset;
  }

  /** Test-time flip for the test scores, as the form's setting (the run's validation uses the same). */
  private get flipTest(): boolean {
    return this.settings.flip === 'on';
  }

  /** Runs one request on the test split (the checkpoint's score, the reader's final score or the pretrained model's), then returns to the phase it left. */
  private async evaluate<T>(request: (client: Session['client']) => Promise<T>): Promise<T | null> {
    const { client } = await this.openSession();
    const before = this.vm.phase;
    this.vm.phase = 'evaluating';
    this.invalidate(['phase', 'controls']);
    try {
      return await request(client);
    } catch {
      // The runtime's `error` event already carries the message to the notices.
      return null;
    } finally {
      if (this.vm.phase === 'evaluating') this.vm.phase = before;
      this.invalidate(['phase', 'controls']);
    }
  }

  /** Loads the committed pretrained model and evaluates it on the whole test split (`./pretrained`). */
  private async usePretrained(): Promise<void> {
    const { usePretrained } = await import('./pretrained');
    await usePretrained({
      root: this,
      t: this.context.t,
      lang: this.context.lang,
      dataset: this.kind,
      selectModel: (model) => {
        this.settings = { ...this.settings, model };
        applySettingsToForm(this, this.settings);
      },
      openSession: () => this.openSession(),
      onCheckpoint: (checkpoint) => this.rememberCheckpoint(checkpoint),
      evaluateAll: (flip) =>
        this.evaluate((client) => client.evaluateCheckpoint(this.settings.model, null, flip)),
    });
  }

  private onEvent(event: TrainerEvent): void {
    if (event.type === 'prediction') return; // Applied by the request that asked for it.
    if (event.type === 'error' && event.code === 'out-of-memory' && !event.suggestedBatchSize) {
      event = { ...event, suggestedBatchSize: Math.max(1, Math.floor(this.settings.batchSize / 2)) };
    }
    this.invalidate(applyEvent(this.vm, event));
    this.noteLadderResult(event);
    if (
      event.type === 'checkpoint-saved' ||
      event.type === 'checkpoint-restored' ||
      event.type === 'imported'
    ) {
      this.rememberCheckpoint(event.checkpoint);
    }
    if (event.type === 'model-summary' || event.type === 'status') this.invalidate(['controls']);
  }

  /** A finished run of a ladder preset leaves its last test accuracy for chapter 8's ladder. */
  private noteLadderResult(event: TrainerEvent): void {
    if (event.type === 'evaluation' && event.source !== 'checkpoint')
      this.lastAccuracy = event.result.accuracy;
    if (
      event.type === 'finished' &&
      event.reason === 'completed' &&
      this.running &&
      this.lastAccuracy !== null
    ) {
      recordLadderResult(this, this.kind, this.running, this.lastAccuracy);
      this.running = null;
    }
  }

  private rememberCheckpoint(checkpoint: CheckpointInfo): void {
    this.checkpoints = [...this.checkpoints.filter((c) => c.modelId !== checkpoint.modelId), checkpoint];
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
    if (parts.has('prediction')) renderPrediction(c, vm);
  }
}
